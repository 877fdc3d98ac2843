#!/usr/bin/env bash
# The package test (CTest "package_install"): builds the Debian package with CPack,
# checks its metadata, unpacks it with dpkg -x into a scratch root and runs the installed
# programs from there, without anything from the build folder: --help and --version of
# both executables, then a short headless job (import the samples, make a tiny model,
# which trains a tokenizer through the installed tokenizer bridge, and generate with it).
# Usage: package_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$(cd "$1" && pwd)
version="$2"
scratch="$build/package-test"
rm -rf "$scratch"
mkdir -p "$scratch"
fail() { echo "package test: FAIL: $*" >&2; exit 1; }

echo "== cpack"
(cd "$build" && cpack -G DEB -B "$scratch/deb" > "$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; fail "cpack failed"; }
deb=$(ls "$scratch"/deb/medtune-workbench_*.deb)
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

echo "== metadata"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
if echo "$depends" | tr ',' '\n' | grep -q -- '-dev\b'; then fail "a -dev package in Depends"; fi
for needed in libtorch libsentencepiece libqt6widgets6 libqt6sql6-sqlite qt6-qpa-plugins libqcustomplot; do
  echo "$depends" | grep -q "$needed" || fail "Depends lacks $needed"
done
[ "$(dpkg-deb -f "$deb" Package)" = medtune-workbench ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Section)" = science ] || fail "section"

echo "== contents"
root="$scratch/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/medtune usr/bin/medtune-cli usr/lib/medtune/libmedtune_spm.so usr/lib/medtune/medtune-cli-engine \
         usr/share/applications/org.medtune.Workbench.desktop \
         usr/share/metainfo/org.medtune.Workbench.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.medtune.Workbench.svg \
         usr/share/icons/hicolor/48x48/apps/org.medtune.Workbench.png \
         usr/share/icons/hicolor/256x256/apps/org.medtune.Workbench.png; do
  [ -f "$root/$f" ] || fail "missing /$f"
done
for f in usr/bin/medtune-cli usr/lib/medtune/medtune-cli-engine; do
  if readelf -d "$root/$f" | grep -qE 'RPATH|RUNPATH'; then fail "installed /$f keeps a build RPATH"; fi
done
# medtune-cli itself never loads libtorch: its computing commands run in the engine program.
if readelf -d "$root/usr/bin/medtune-cli" | grep -q 'libtorch'; then fail "medtune-cli links libtorch"; fi
# No path of this machine's build or source tree may be compiled into what is installed.
source_dir=$(cd "$(dirname "$0")/.." && pwd)
for f in usr/bin/medtune usr/bin/medtune-cli usr/lib/medtune/medtune-cli-engine usr/lib/medtune/libmedtune_spm.so; do
  for tree in "$build" "$source_dir"; do
    if grep -aqF "$tree/" "$root/$f"; then fail "/$f contains the path $tree/"; fi
  done
done
if command -v appstreamcli > /dev/null; then
  appstreamcli validate --no-net "$root/usr/share/metainfo/org.medtune.Workbench.metainfo.xml" || fail "AppStream metadata"
else
  echo "appstreamcli absent: metadata validation skipped (packaging/install-deps.sh installs it)"
fi
if command -v desktop-file-validate > /dev/null; then
  desktop-file-validate "$root/usr/share/applications/org.medtune.Workbench.desktop" || fail "desktop entry"
fi

echo "== installed programs"
unset MEDTUNE_SPM_BRIDGE LD_LIBRARY_PATH
cli="$root/usr/bin/medtune-cli"
[ "$("$cli" --version)" = "medtune-cli $version" ] || fail "medtune-cli --version: $("$cli" --version)"
"$cli" --help | grep -q "make-demo-model" || fail "medtune-cli --help lists no commands"
[ "$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/medtune" --version)" = "MedTune Workbench $version" ] \
  || fail "medtune --version"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/medtune" --help | grep -q -- "--screenshots" \
  || fail "medtune --help"

echo "== a short headless job"
ws="$scratch/workspace"
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
"$cli" --workspace "$ws" info | tee "$scratch/info.txt"
grep -q "tokenizer_bridge *$root/usr/bin/../lib/medtune/libmedtune_spm.so" "$scratch/info.txt" \
  || grep -q "tokenizer_bridge *$root/usr/lib/medtune/libmedtune_spm.so" "$scratch/info.txt" \
  || fail "the installed medtune-cli does not use the installed tokenizer bridge"
"$cli" --workspace "$ws" import --samples > "$scratch/import.txt"
"$cli" --workspace "$ws" datasets --json > "$scratch/datasets.json"
count=$(grep -c '"content_sha256"' "$scratch/datasets.json")
[ "$count" -ge 9 ] || fail "expected the 9 sample datasets, found $count"
"$cli" --workspace "$ws" --threads 1 make-demo-model --out "$ws/models/tiny" --layers 1 --hidden 32 \
  --vocab-size 600 --steps 4 > "$scratch/model.txt" || fail "make-demo-model"
for f in config.json model.safetensors tokenizer.model; do [ -f "$ws/models/tiny/$f" ] || fail "model folder lacks $f"; done
# The tokenizer trained through the installed bridge: its pieces must spell the text.
text="Aspirin inhibits platelet aggregation."
spelled=$("$cli" tokenize --tokenizer "$ws/models/tiny/tokenizer.model" "$text" | sed -n 2p | tr -d ' ' | sed 's/\xe2\x96\x81/ /g; s/^ //')
[ "$spelled" = "$text" ] || fail "tokenize: pieces spell '$spelled', expected '$text'"
"$cli" --workspace "$ws" --threads 1 generate --model "$ws/models/tiny" --weights float32 \
  --prompt "Does aspirin reduce the risk of stroke?" --max-new-tokens 6 --json > "$scratch/generate.json" \
  || fail "generate"
grep -q '"text"' "$scratch/generate.json" || fail "generate printed no text"
echo "package test: OK"
