#!/usr/bin/env bash
# The .deb end to end (cmake/Packaging.cmake): `cpack -G DEB` from the build folder
# into a scratch folder, its control fields and contents checked with dpkg-deb, then
# extracted (dpkg-deb -x) and run from there: `debut --help`, an offscreen
# `debut-workbench --help`, and `debut encode` with nothing but the package's own
# encoder (no DEBUT_MODELS_DIR, no .cache/models above it): offline.
#   package_deb.sh BUILD_DIR      exit 77 (CTest: skipped) without Debian's dpkg tools
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in dpkg-deb dpkg-shlibdeps cpack; do
  if ! command -v "$tool" >/dev/null; then
    echo "package_deb: SKIPPED: $tool is not installed (the .deb needs Debian's dpkg and dpkg-dev)"
    exit 77
  fi
done
scratch=$(mktemp -d /tmp/debut-package.XXXXXX); trap 'rm -rf "$scratch"' EXIT
fail() { echo "package_deb: FAILED: $*" >&2; exit 1; }

start=$(date +%s)
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log" >&2; fail "cpack -G DEB"
fi
version=$(sed -n 's/^project(Debut VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
deb="$scratch/out/debut_${version}_amd64.deb"
[ -f "$deb" ] || { ls -l "$scratch/out" >&2; fail "no debut_${version}_amd64.deb"; }
echo "package_deb: $(basename "$deb"), $(( $(stat -c %s "$deb") / 1048576 )) MiB, built in $(( $(date +%s) - start )) s"

dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends Recommends | tee "$scratch/control"
grep -q '^Package: debut$' "$scratch/control" || fail "Package field"
grep -Eq '^Maintainer: [^<>]+ <[^<>@ ]+@[^<>@ ]+>$' "$scratch/control" || fail "Maintainer is not 'Name <address>'"
grep -q '^Maintainer:.*example\.invalid' "$scratch/control" && fail "Maintainer is the old placeholder"
for dep in libtorch libqt6widgets6 libqt6charts6 libsqlite3 libqt6svg6; do
  grep -q "^Depends:.*\b$dep" "$scratch/control" || fail "Depends lacks $dep"
done

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' > "$scratch/contents"
for f in /usr/bin/debut /usr/bin/debut-workbench \
         /usr/share/debut/models/use-lite/model.json /usr/share/debut/models/use-lite/vocab.json \
         /usr/share/debut/models/use-lite/group1-shard1of7 /usr/share/debut/models/use-lite/LICENSE \
         /usr/share/applications/io.github.debut.Workbench.desktop \
         /usr/share/metainfo/io.github.debut.Workbench.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/io.github.debut.Workbench.svg \
         /usr/share/icons/hicolor/scalable/mimetypes/application-x-debut-project.svg \
         /usr/share/mime/packages/debut.xml /usr/share/man/man1/debut.1.gz \
         /usr/share/bash-completion/completions/debut /usr/share/doc/debut/copyright; do
  grep -qx "$f" "$scratch/contents" || fail "$f is not in the package"
done
grep -q 'Apache License' <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/debut/models/use-lite/LICENSE) \
  || fail "the model's LICENSE is not the Apache License"
# Debian policy 12.5: the machine-readable copyright file, covering the shipped encoder and
# the statically linked SentencePiece.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/debut/copyright > "$scratch/copyright"
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$scratch/copyright" \
  || fail "copyright: not in the machine-readable format"
grep -q '^Files: usr/share/debut/models/use-lite/\*' "$scratch/copyright" || fail "copyright: no stanza for the encoder"
grep -q 'SentencePiece' "$scratch/copyright" || fail "copyright: SentencePiece (linked statically) is not named"
grep -q '^License: Apache-2.0$' "$scratch/copyright" || fail "copyright: no Apache-2.0 licence paragraph"
grep -q '@[A-Z_]*@' "$scratch/copyright" && fail "copyright: an unconfigured @VARIABLE@ is left"
echo "package_deb: contents ok ($(wc -l < "$scratch/contents") entries)"

dest="$scratch/root"
dpkg-deb -x "$deb" "$dest"
"$dest/usr/bin/debut" --help > "$scratch/help.txt" || fail "debut --help"
grep -q '^Commands:' "$scratch/help.txt" || fail "debut --help lists no commands"
QT_QPA_PLATFORM=offscreen "$dest/usr/bin/debut-workbench" --help > "$scratch/wbhelp.txt" 2>&1 \
  || { cat "$scratch/wbhelp.txt" >&2; fail "debut-workbench --help"; }
grep -q -- '--lang' "$scratch/wbhelp.txt" || fail "debut-workbench --help: $(cat "$scratch/wbhelp.txt")"
echo "package_deb: debut --help and debut-workbench --help run from the extracted package"

printf 'a waterproof hiking jacket\nsoft cotton pyjamas for kids\n' > "$scratch/lines.txt"
(cd "$scratch" && env -u DEBUT_MODELS_DIR "$dest/usr/bin/debut" encode --text lines.txt --out e.csv --threads 1) \
  2> "$scratch/encode.log" || { cat "$scratch/encode.log" >&2; fail "debut encode with the packaged encoder"; }
[ "$(wc -l < "$scratch/e.csv")" = 2 ] || fail "encode wrote $(wc -l < "$scratch/e.csv") rows, expected 2"
[ "$(head -n1 "$scratch/e.csv" | tr ',' '\n' | wc -l)" = 512 ] || fail "encode: not 512 values a row"
# ... and it was the package's (this build could also fall back to its source tree's
# .cache/models): with the package's model.json broken, the same command fails.
model="$dest/usr/share/debut/models/use-lite/model.json"
cp "$model" "$scratch/model.json.good"; echo '{' > "$model"
if (cd "$scratch" && env -u DEBUT_MODELS_DIR "$dest/usr/bin/debut" encode --text lines.txt --out f.csv) 2>/dev/null; then
  fail "debut encode read a model from outside the package"
fi
cp "$scratch/model.json.good" "$model"
echo "package_deb: the packaged USE-Lite encodes offline"

zcat "$dest/usr/share/man/man1/debut.1.gz" | grep -q '^\.SH COMMANDS' || fail "the man page has no COMMANDS section"
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$dest/usr/share/man/man1/debut.1.gz" 2>"$scratch/man.err" | grep -q 'import-items' \
    || { cat "$scratch/man.err" >&2; fail "man -l debut.1.gz"; }
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$dest/usr/share/applications/io.github.debut.Workbench.desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$dest/usr/share/metainfo/io.github.debut.Workbench.metainfo.xml" >/dev/null \
    || fail "appstreamcli validate"
fi
if command -v xmllint >/dev/null; then
  xmllint --noout "$dest/usr/share/mime/packages/debut.xml" || fail "the MIME type is not well-formed XML"
fi

# Bash completion: commands, a command's options, an option's values.
complete_words() {  # WORD... : what completing the last word offers
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _debut; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$dest/usr/share/bash-completion/completions/debut" "$@"
}
PATH="$dest/usr/bin:$PATH"
complete_words debut tr | grep -qx train || fail "completion: debut tr -> train"
complete_words debut train p.debut --mo | grep -qx -- --mode || fail "completion: debut train --mo -> --mode"
[ "$(complete_words debut train p.debut --mode '' | sort | tr '\n' ' ')" = "auto contrastive full head lora topk " ] \
  || fail "completion: --mode values: $(complete_words debut train p.debut --mode '')"
echo "package_deb: man page, desktop entry, metainfo, MIME type and completion ok"
