#!/bin/sh
# Wrap Trove.app into a compressed .dmg with an Applications shortcut (hdiutil ships with macOS).
#   sh installers/macos/make_dmg.sh dist/Trove.app dist/Trove-0.1.0.dmg
set -eu
app=$1
dmg=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and signature intact (cp -R may not).
ditto "$app" "$stage/Trove.app"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname Trove -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
echo "Made $dmg"
