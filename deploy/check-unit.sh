#!/usr/bin/env bash
# Verifies deploy/ramal.service against the layout deploy/install.sh makes, without touching this
# host: installs into a temporary root, runs `systemd-analyze verify` there (with a copy of this
# host's units, which verify resolves the unit's dependencies against), checks that every
# /opt/ramal path the unit names exists (verify checks only ExecStart's program), and runs the
# installed launcher. Needs dist/target/ramal.jar and systemd-analyze (Debian: systemd).
# Usage: deploy/check-unit.sh    exit 0 when all is well
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

"$src/deploy/install.sh" --root "$root"
mkdir -p "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"

unit=/etc/systemd/system/ramal.service
echo "+ systemd-analyze verify --root=\$root $unit"
systemd-analyze verify --root="$root" "$unit"

missing=0
for p in $(grep -v '^#' "$root$unit" | grep -oE '/opt/ramal[^ "]*' | sort -u); do
  if [ -e "$root$p" ]; then
    echo "exists: $p"
  else
    echo "MISSING: $p (named by the unit, not made by install.sh)" >&2
    missing=1
  fi
done
[ "$missing" = 0 ]

echo "+ /opt/ramal/ramal --version (the installed launcher, no sources beside it)"
RAMAL_HOME="$root/opt/ramal" "$root/opt/ramal/ramal" --version
echo "check-unit: ok"
