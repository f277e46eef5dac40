#!/usr/bin/env bash
# Build CSP Hub's front-end assets into csphub/static/csphub/.
#
# Compiles our Sass (GOV.UK Frontend with our font stack and colours), copies GOV.UK
# Frontend's JavaScript, our module entry point and our favicon. No GOV.UK brand assets
# (crown, crest, GDS Transport, GOV.UK icons) are copied: they are for GOV.UK only.
#
# Run from anywhere; safe to run again (the output is replaced, never appended to).
# Needs `npm ci` first (node_modules/govuk-frontend and node_modules/.bin/sass).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

govuk_dist="node_modules/govuk-frontend/dist/govuk"
sass_bin="node_modules/.bin/sass"
out_dir="csphub/static/csphub"

if [[ ! -d "$govuk_dist" || ! -x "$sass_bin" ]]; then
    echo "build-static: node_modules is missing or incomplete; run 'npm ci' first." >&2
    exit 1
fi

mkdir -p "$out_dir"

# Stylesheet: compressed, no source map. Deprecation warnings from GOV.UK Frontend's own
# code are not ours to fix, so keep them out of the build log.
"$sass_bin" \
    --load-path=node_modules \
    --style=compressed \
    --no-source-map \
    --quiet-deps \
    assets/scss/main.scss "$out_dir/main.css"

if grep -q "GDS Transport" "$out_dir/main.css"; then
    echo "build-static: main.css mentions GDS Transport; check \$govuk-font-family." >&2
    exit 1
fi

# GOV.UK Frontend's ES module bundle, without its source-map comment (we do not ship the map).
sed -e 's|//# sourceMappingURL=[^[:space:]]*$||' \
    "$govuk_dist/govuk-frontend.min.js" >"$out_dir/govuk-frontend.min.js"

# Our module entry point and our own favicon.
cp assets/js/init.mjs "$out_dir/init.mjs"
cp assets/favicon.svg "$out_dir/favicon.svg"

echo "build-static: wrote $(cd "$out_dir" && ls -1 | tr '\n' ' ')to $out_dir/"
