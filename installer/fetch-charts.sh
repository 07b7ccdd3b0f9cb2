#!/bin/sh
# Fetches and verifies the charts of charts.lock into a folder as <name>-<version>.tgz (run at
# image build time by installer/Dockerfile): usage fetch-charts.sh <charts.lock> <out dir>.
set -eu
lock=$1
out=$2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grep -v '^[[:space:]]*#' "$lock" | grep -v '^[[:space:]]*$' | while read -r name version source check; do
  case "$source" in
    git+*)
      url=${source#git+}
      folder=${url#*#}
      url=${url%%#*}
      echo "chart $name $version: $url at commit $check ($folder)"
      repo="$work/$name"
      git init -q "$repo"
      git -C "$repo" fetch -q --depth 1 "$url" "$check"
      git -C "$repo" checkout -q FETCH_HEAD
      test "$(git -C "$repo" rev-parse HEAD)" = "$check"
      grep -q "^version: $version\$" "$repo/$folder/Chart.yaml" || {
        echo "chart $name: $folder/Chart.yaml at $check is not version $version" >&2
        exit 1
      }
      helm package "$repo/$folder" --destination "$out" >/dev/null
      ;;
    *)
      echo "chart $name $version: $source (sha256 $check)"
      helm pull "$name" --repo "$source" --version "$version" --destination "$out"
      echo "$check  $out/$name-$version.tgz" | sha256sum -c -
      ;;
  esac
  test -f "$out/$name-$version.tgz"
done
ls -l "$out"
