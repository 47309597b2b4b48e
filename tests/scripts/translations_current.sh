#!/bin/bash
# The translations follow the sources: lupdate (as `ninja update_translations`
# runs it) on copies of widgets/i18n/*.ts must change nothing, and the Chinese
# one must have no unfinished message (a changed tr() string otherwise shows in
# English in the zh_CN workbench, and nothing says so).
#   translations_current.sh LUPDATE SOURCE_DIR
set -u
lupdate=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for ts in "$src"/widgets/i18n/*.ts; do
    cp "$ts" "$tmp/"
    copy=$tmp/$(basename "$ts")
    if ! (cd "$src/widgets" && "$lupdate" -no-obsolete -locations none . -ts "$copy") > "$tmp/lupdate.log" 2>&1; then
        cat "$tmp/lupdate.log"
        echo "FAIL: lupdate on $ts"
        status=1
        continue
    fi
    if ! diff -u "$ts" "$copy" > "$tmp/diff"; then
        head -40 "$tmp/diff"
        echo "FAIL: $ts is not current with the sources: run 'ninja update_translations' and translate what it adds"
        status=1
    fi
done
zh=$tmp/debut_zh_CN.ts
if grep -q 'type="unfinished"' "$zh"; then
    grep -B2 'type="unfinished"' "$zh" | grep '<source>'
    echo "FAIL: widgets/i18n/debut_zh_CN.ts has unfinished messages (above)"
    status=1
fi
[ $status -eq 0 ] && echo "translations current: $(grep -c '<source>' "$zh") messages, none unfinished in zh_CN"
exit $status
