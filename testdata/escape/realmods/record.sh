#!/bin/sh
# record.sh rewrites the real-module goldens in this directory (see ../README.md).
# Needs network or a module cache holding the modules and their dependencies.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=/tmp/heapsight-realmods
for mv in github.com/json-iterator/go@v1.1.12 github.com/rs/zerolog@v1.35.1 github.com/spf13/pflag@v1.0.6; do
  mod=${mv%@*}
  name=$(basename "$mod")
  [ "$name" = go ] && name=jsoniter
  src=$(go mod download -json "$mv" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  rm -rf "$root/$name" && mkdir -p "$root" && cp -r "$src" "$root/$name" && chmod -R u+w "$root/$name"
  cd "$root/$name"
  go mod download
  json=$(mktemp -d)
  go build -gcflags="-json=0,$json" .
  cat "$json"/*/*.json | gzip -9n > "$here/$name.json.go1.26.8.jsonl.gz"
  rm -rf "$json"
  go build -gcflags=-m=2 . 2>&1 | gzip -9n > "$here/$name.m2.go1.26.8.txt.gz"
  go build -gcflags=-S . 2>&1 | grep -E '^[^[:space:]#./].* STEXT |	CALL	runtime\.' | gzip -9n > "$here/$name.S-calls.go1.26.8.txt.gz"
done
