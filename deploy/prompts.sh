#!/usr/bin/env bash
# Regenerates the attendant queue's prompts in config/prompts/ (or the directory given as $1):
# Brazilian Portuguese speech from espeak-ng (voice pt-br) and the hold tune and tones from sox,
# all as WAV, 16-bit signed PCM, mono, 8 kHz: the format AudioSocket's slin carries, so calls
# at 8 kHz play them unconverted (other rates are resampled on first use, once per rate).
#
# Needs espeak-ng and sox (Debian/Ubuntu: apt-get install -y espeak-ng sox).
# The file names are the ones io.ramal.gateway.prompt.Prompt expects; when one is missing the
# gateway refuses queue and agent extensions, naming the file, and serves the other modes.
set -euo pipefail

out="${1:-$(cd "$(dirname "$0")/.." && pwd)/config/prompts}"
voice="${RAMAL_PROMPT_VOICE:-pt-br}"
speed="${RAMAL_PROMPT_SPEED:-150}"   # words per minute

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "prompts.sh: $tool is missing (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# say FILE TEXT: speech, trimmed of leading/trailing silence, normalised to -3 dBFS, 8 kHz mono.
say() {
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$2"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$1.wav" \
      silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3 pad 0 0.15
}

say voce-e-o-numero "você é o número"
numbers=(um dois três quatro cinco seis sete oito nove dez onze doze treze quatorze quinze
         dezesseis dezessete dezoito dezenove vinte)
for i in $(seq 1 20); do
  say "numero-$(printf %02d "$i")" "${numbers[$((i - 1))]}"
done
say na-fila "na fila"
say por-favor-aguarde "por favor, aguarde"
say tempo-estimado "tempo estimado de espera"
say minuto "minuto"
say minutos "minutos"
say conectando "conectando"
say atendente-desligou "o atendente desligou, você voltou para o início da fila"
say nenhum-atendente "nenhum atendente disponível, tente mais tarde. Até logo"

# Hold tune: a soft, slow arpeggio (C, Am, F, G) of short faded sine notes, 8 s, looped on hold.
notes=(262 330 392 523 392 330 220 262 330 440 330 262 175 220 262 349 262 220 196 247 294 392 294 247)
parts=()
for hz in "${notes[@]}"; do
  f="$tmp/note-${#parts[@]}.wav"
  sox -n -r 8000 -c 1 -b 16 -e signed-integer "$f" synth 0.333 sine "$hz" fade t 0.02 0.333 0.12
  parts+=("$f")
done
sox "${parts[@]}" "$tmp/tune.wav"
sox "$tmp/tune.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/espera.wav" vol 0.25

# Connected: two short rising beeps (caller and attendant hear it together).
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/b1.wav" synth 0.09 sine 660 fade t 0.005 0.09 0.005 vol 0.3
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/b2.wav" synth 0.09 sine 880 fade t 0.005 0.09 0.005 vol 0.3
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$tmp/gap.wav" trim 0 0.04
sox "$tmp/b1.wav" "$tmp/gap.wav" "$tmp/b2.wav" "$out/tom-conectado.wav"

# Attendant's idle reminder: one soft 440 Hz beep.
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$out/bipe.wav" synth 0.15 sine 440 fade t 0.005 0.15 0.01 vol 0.2

echo "prompts written to $out:"
ls -l "$out"
