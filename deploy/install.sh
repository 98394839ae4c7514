#!/usr/bin/env bash
# Installs Ramal as a systemd service, in the layout deploy/ramal.service runs:
#   /opt/ramal/ramal                    the launcher (an installed copy runs its jar, never builds)
#   /opt/ramal/dist/target/ramal.jar    the product jar, where the launcher looks for it
#   /opt/ramal/config/                  ramal.yaml, extensions.yaml, logback.xml, prompts/
#   /opt/ramal/logs, /opt/ramal/var     the only folders the service writes, owned by `ramal`
#   /etc/systemd/system/ramal.service, /etc/sysctl.d/60-ramal.conf, /etc/ramal/ramal.env
# Files of config/ and ramal.env that already exist are kept, so an upgrade keeps your edits;
# the launcher, the jar and the unit are replaced.
#
# From a checkout, as root, after building the jar (./ramal --version does it):
#   deploy/install.sh               then edit /etc/ramal/ramal.env, systemctl enable --now ramal
#   deploy/install.sh --root DIR    the same files under DIR, without the user, ownership,
#                                   sysctl or systemctl (deploy/check-unit.sh verifies the unit so)
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root=""
if [ "${1:-}" = "--root" ]; then
  root="$(mkdir -p "${2:?--root needs a directory}" && cd "$2" && pwd)"
elif [ $# -gt 0 ]; then
  echo "usage: deploy/install.sh [--root DIR]" >&2
  exit 2
fi
jar="$src/dist/target/ramal.jar"
[ -f "$jar" ] || { echo "install.sh: $jar is missing: build it first (./ramal --version)" >&2; exit 1; }
home="$root/opt/ramal"

# copy_missing FROM TO: FROM's files into TO, keeping those already there.
copy_missing() {
  (cd "$1" && find . -type f -print0) | while IFS= read -r -d '' f; do
    [ -e "$2/$f" ] || install -D -m 644 "$1/$f" "$2/$f"
  done
}

install -d "$home/dist/target" "$home/config"
install -m 755 "$src/ramal" "$home/ramal"
install -m 644 "$jar" "$home/dist/target/ramal.jar"
copy_missing "$src/config" "$home/config"
install -D -m 644 "$src/deploy/ramal.service" "$root/etc/systemd/system/ramal.service"
install -D -m 644 "$src/deploy/sysctl-ramal.conf" "$root/etc/sysctl.d/60-ramal.conf"
install -d "$root/etc/ramal"
[ -e "$root/etc/ramal/ramal.env" ] || install -m 640 "$src/deploy/ramal.env" "$root/etc/ramal/ramal.env"

if [ -n "$root" ]; then
  install -d "$home/logs" "$home/var"
  echo "installed under $root (no user, ownership, sysctl or systemctl)"
  exit 0
fi

# A system user with no login and no home of its own; it owns only what the service writes.
getent passwd ramal >/dev/null ||
  useradd --system --user-group --home-dir /opt/ramal --no-create-home --shell /usr/sbin/nologin ramal
install -d -o ramal -g ramal -m 750 "$home/logs" "$home/var"
chgrp ramal /etc/ramal/ramal.env
# Only this file (sysctl --system would reapply every other one too); it also applies at boot.
sysctl -q -p /etc/sysctl.d/60-ramal.conf ||
  echo "install.sh: 60-ramal.conf not applied now (a container?); it applies at the next boot" >&2
systemctl daemon-reload
echo "installed in /opt/ramal; edit /etc/ramal/ramal.env, then: systemctl enable --now ramal"
