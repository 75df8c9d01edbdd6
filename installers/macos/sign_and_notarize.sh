#!/bin/sh
# Optional: sign Trove.app with a Developer ID and notarise the .dmg.
#
# Why: macOS binds Keychain access to the app's code signature. An unsigned or ad-hoc signed
# build gets a new identity with every update, so users are asked again for the API key's
# Keychain item after each update; a stable Developer ID signature fixes that, and notarisation
# stops Gatekeeper from blocking the first launch.
#
#   TROVE_CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)" \
#       sh installers/macos/sign_and_notarize.sh dist/Trove.app
#   TROVE_NOTARY_PROFILE=trove-notary \
#       sh installers/macos/sign_and_notarize.sh --dmg dist/Trove-0.1.0.dmg
#
# The notary profile is created once with:
#   xcrun notarytool store-credentials trove-notary --apple-id ... --team-id ... --password ...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--dmg" ]; then
    dmg=$2
    : "${TROVE_NOTARY_PROFILE:?set TROVE_NOTARY_PROFILE (xcrun notarytool store-credentials)}"
    codesign --force --timestamp --sign "$TROVE_CODESIGN_IDENTITY" "$dmg"
    xcrun notarytool submit "$dmg" --keychain-profile "$TROVE_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    exit 0
fi
app=$1
: "${TROVE_CODESIGN_IDENTITY:?set TROVE_CODESIGN_IDENTITY to your Developer ID Application identity}"
# Hardened runtime (required for notarisation) with the entitlements a Python app needs.
# --deep signs the nested libraries and both executables with the same identity.
codesign --force --deep --timestamp --options runtime \
    --entitlements "$here/entitlements.plist" \
    --sign "$TROVE_CODESIGN_IDENTITY" "$app"
codesign --verify --deep --strict --verbose=2 "$app"
