#!/usr/bin/env bash
# Builds, into <repo>/.tools (git-ignored), everything needed to run real
# OpenTofu offline against the synthesized CDKTF JSON:
#   .tools/bin/tofu                       OpenTofu, built from its Go module
#   .tools/providers/...                  provider filesystem mirror (unpacked layout)
#                                         with hashicorp/aws and hashicorp/archive
#   .tools/tofurc                         CLI config: install providers from the mirror only
#   .tools/venv-moto, .tools/venv-checkov moto server and checkov
#   .tools/venv-zizmor                    zizmor, the GitHub Actions security audit
#   .tools/bin/{moto_server,checkov,zizmor} links into those venvs
#   .tools/bin/actionlint                 the GitHub Actions workflow linter
# Then `source terraform/env.sh` to use them.
#
# Idempotent: every step records what it built in .tools/stamps and is skipped
# when that still matches the pins below. Only package registries are used
# (the Go module proxy and PyPI); nothing else is downloaded.
#
# Usage: terraform/setup.sh [--verify]
#   --verify  afterwards run `tofu init` + `tofu validate` on a throwaway config
#             that requires both providers, to prove the mirror works offline.
#
# Environment knobs: PYTHON (default python3), GO (default go),
#   SETUP_GO_P (go build -p for the AWS provider, default: number of CPUs).
set -euo pipefail

# ---------------------------------------------------------------- pins --------
TOFU_MODULE=github.com/opentofu/opentofu
TOFU_VERSION=v1.12.6            # newest stable 1.x the Go module proxy serves

# hashicorp/aws: the CDKTF bindings (@cdktf/provider-aws 21.22.1) pin 6.25.0,
# but the module proxy serves no build of that tag: the only v6 source it has
# is this pseudo-version, which is the upstream v6.47.1 release
# (version/VERSION = 6.47.1). It is built with its true version baked in and
# installed in the mirror under the pinned version number, as a stand-in.
AWS_MODULE=github.com/hashicorp/terraform-provider-aws
AWS_MODULE_VERSION=v1.60.1-0.20260602190131-5f2286d6d836
AWS_SOURCE_VERSION=6.47.1
AWS_MIRROR_VERSION=6.25.0

ACTIONLINT_MODULE=github.com/rhysd/actionlint
ACTIONLINT_VERSION=v1.7.7

# zizmor audits the users' GitHub workflow in the tier. One wheel with no
# Python dependencies (a Rust binary), so a pin here instead of a requirements file.
ZIZMOR_VERSION=1.32.0

# hashicorp/archive: the upstream module is not served at all, so a stand-in
# with the 2.7.1 schema is built from terraform/archive-provider.
ARCHIVE_MIRROR_VERSION=2.7.1

# --------------------------------------------------------------- paths --------
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
TOOLS="$ROOT/.tools"
STAMPS="$TOOLS/stamps"
LOGS="$TOOLS/logs"
BUILD="$TOOLS/build"
SRC="$TOOLS/src"
MIRROR="$TOOLS/providers"

VERIFY=0
for arg in "$@"; do
  case "$arg" in
    --verify) VERIFY=1 ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

GO=${GO:-go}
PYTHON=${PYTHON:-python3}
mkdir -p "$TOOLS" "$STAMPS" "$LOGS" "$BUILD" "$SRC" "$TOOLS/bin"
# Keep everything in .tools out of git even without a root .gitignore entry.
[ -f "$TOOLS/.gitignore" ] || echo '*' > "$TOOLS/.gitignore"

# One run at a time.
exec 9>"$TOOLS/.setup.lock"
if ! flock -n 9; then
  echo "[setup] another setup.sh is running; waiting for it..."
  flock 9
fi

# Go: no toolchain downloads. Module and build caches are Go's own per-user
# ones (override with GOMODCACHE / GOCACHE), so another checkout on the same
# machine, such as CI's fresh clone, rebuilds from cache in minutes instead of
# compiling the AWS provider again for 20.
export GOTOOLCHAIN=local
export CGO_ENABLED=0
GOMODCACHE="${GOMODCACHE:-$("$GO" env GOMODCACHE)}"
GOCACHE="${GOCACHE:-$("$GO" env GOCACHE)}"
export GOMODCACHE GOCACHE
export GOFLAGS="-mod=mod -modcacherw"
export CHECKPOINT_DISABLE=1
GOOS_ARCH="$("$GO" env GOOS)_$("$GO" env GOARCH)"

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp_set() { printf '%s\n' "$2" > "$STAMPS/$1"; }

# go_mod_dir MODULE@VERSION -> prints the module's directory in GOMODCACHE.
go_mod_dir() {
  local json dir
  json=$("$GO" mod download -json "$1") || { echo "$json" >&2; return 1; }
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then echo "go mod download $1 gave no Dir: $json" >&2; return 1; fi
  printf '%s\n' "$dir"
}

# writable_copy MODULE@VERSION NAME -> fresh writable copy of the module in .tools/src/NAME
writable_copy() {
  local dir
  dir=$(go_mod_dir "$1") || return 1
  rm -rf "${SRC:?}/$2" && cp -R "$dir" "$SRC/$2" && chmod -R u+w "$SRC/$2"
}

# A step says "skipped (...)" with `note`; run_step records
# "RC SECONDS RESULT" in .tools/logs/NAME.result. Each step runs in a subshell
# with `set -e` in force (bash ignores -e in functions called from `||`/`if`,
# so steps are never called that way, and inner blocks use explicit && chains).
note() { printf '%s\n' "$2" > "$LOGS/$1.note"; }
run_step() { # run_step NAME FUNCTION
  local name=$1 fn=$2 t0=$SECONDS rc result
  rm -f "$LOGS/$name.note"
  set +e
  ( set -e; "$fn" )
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then result="FAILED (rc=$rc), see $LOGS/$name.log"
  elif [ -f "$LOGS/$name.note" ]; then result=$(cat "$LOGS/$name.note")
  else result="done"; fi
  echo "$rc $((SECONDS - t0)) $result" > "$LOGS/$name.result"
  log "$name: $result in $((SECONDS - t0))s"
}

# ------------------------------------------------------------- steps ----------
step_aws() {
  local id="$AWS_MODULE@$AWS_MODULE_VERSION ($AWS_SOURCE_VERSION) $GOOS_ARCH"
  local out="$BUILD/terraform-provider-aws_v$AWS_SOURCE_VERSION"
  if stamp_ok aws "$id" && [ -x "$out" ]; then
    note aws "skipped (already built: $AWS_SOURCE_VERSION)"; return 0
  fi
  log "aws: building $AWS_MODULE@$AWS_MODULE_VERSION (upstream $AWS_SOURCE_VERSION) - the big one; log: $LOGS/aws.log"
  {
    writable_copy "$AWS_MODULE@$AWS_MODULE_VERSION" terraform-provider-aws &&
    (cd "$SRC/terraform-provider-aws" &&
     "$GO" build -p "${SETUP_GO_P:-$(nproc)}" -trimpath \
       -ldflags "-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$AWS_SOURCE_VERSION" \
       -o "$out.tmp" .) &&
    mv -f "$out.tmp" "$out" &&
    rm -rf "${SRC:?}/terraform-provider-aws"   # ~300 MB of sources, not needed after the build
  } > "$LOGS/aws.log" 2>&1 || { tail -n 30 "$LOGS/aws.log" >&2; return 1; }
  stamp_set aws "$id"
}

# The first line of `tofu version`. Read whole, not cut with `head`: under
# pipefail, head closing the pipe early can kill tofu with SIGPIPE (rc 141),
# which failed a CI run after a good build.
tofu_version() {
  local out
  out=$(TF_CLI_CONFIG_FILE=/dev/null "$TOOLS/bin/tofu" version 2>/dev/null) || return 1
  printf '%s\n' "${out%%$'\n'*}"
}

step_tofu() {
  local id="$TOFU_MODULE@$TOFU_VERSION $GOOS_ARCH" want="OpenTofu ${TOFU_VERSION}"
  if stamp_ok tofu "$id" && [ -x "$TOOLS/bin/tofu" ] \
     && [ "$(tofu_version)" = "$want" ]; then
    note tofu "skipped (already $want)"; return 0
  fi
  log "tofu: building $TOFU_MODULE@$TOFU_VERSION; log: $LOGS/tofu.log"
  {
    writable_copy "$TOFU_MODULE@$TOFU_VERSION" opentofu &&
    (cd "$SRC/opentofu" &&
     "$GO" build -trimpath \
       -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
       -o "$TOOLS/bin/tofu.tmp" ./cmd/tofu) &&
    mv -f "$TOOLS/bin/tofu.tmp" "$TOOLS/bin/tofu" &&
    rm -rf "${SRC:?}/opentofu"
  } > "$LOGS/tofu.log" 2>&1 || { tail -n 30 "$LOGS/tofu.log" >&2; return 1; }
  tofu_version || { echo "tofu: the new binary does not run (tofu version failed)" >&2; return 1; }
  stamp_set tofu "$id"
}

step_archive() {
  local srcdir="$SCRIPT_DIR/archive-provider" id
  id="archive-standin $ARCHIVE_MIRROR_VERSION $GOOS_ARCH $(cd "$srcdir" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
  local out="$BUILD/terraform-provider-archive_v$ARCHIVE_MIRROR_VERSION"
  if stamp_ok archive "$id" && [ -x "$out" ]; then
    note archive "skipped (already built)"; return 0
  fi
  log "archive: building the archive $ARCHIVE_MIRROR_VERSION stand-in from terraform/archive-provider"
  # -mod=readonly: never rewrite the committed go.mod/go.sum.
  (cd "$srcdir" && "$GO" build -mod=readonly -trimpath \
      -ldflags "-s -w -X main.version=$ARCHIVE_MIRROR_VERSION" -o "$out.tmp" .) \
    > "$LOGS/archive.log" 2>&1 || { cat "$LOGS/archive.log" >&2; return 1; }
  mv -f "$out.tmp" "$out"
  stamp_set archive "$id"
}

# venv_step NAME REQUIREMENTS VENV BIN...
venv_step() {
  local name=$1 req=$2 venv=$3; shift 3
  local id b
  id="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])') $(sha256sum < "$req" | cut -c1-16)"
  if stamp_ok "$name" "$id" && [ -x "$venv/bin/python" ]; then
    note "$name" "skipped (already installed)"
  else
    log "$name: installing $(basename "$req") into ${venv#"$ROOT"/}; log: $LOGS/$name.log"
    {
      "$PYTHON" -m venv --clear "$venv" &&
      "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req"
    } > "$LOGS/$name.log" 2>&1 || { tail -n 30 "$LOGS/$name.log" >&2; return 1; }
    stamp_set "$name" "$id"
  fi
  for b in "$@"; do ln -sfn "$venv/bin/$b" "$TOOLS/bin/$b"; done
}
# actionlint lints the GitHub workflow users get (.github/workflows/); it runs
# the shell in run: steps is checked too when shellcheck is on PATH.
step_actionlint() {
  local id="$ACTIONLINT_MODULE@$ACTIONLINT_VERSION $GOOS_ARCH"
  if stamp_ok actionlint "$id" && [ -x "$TOOLS/bin/actionlint" ]; then
    note actionlint "skipped (already built)"; return 0
  fi
  log "actionlint: building $ACTIONLINT_MODULE@$ACTIONLINT_VERSION"
  GOBIN="$TOOLS/bin" "$GO" install -trimpath -ldflags "-s -w" "$ACTIONLINT_MODULE/cmd/actionlint@$ACTIONLINT_VERSION" \
    > "$LOGS/actionlint.log" 2>&1 || { cat "$LOGS/actionlint.log" >&2; return 1; }
  stamp_set actionlint "$id"
}
# zizmor: its own venv, the same stamp pattern as venv_step. --only-binary:
# without a wheel for this platform pip would try to compile it with a Rust
# toolchain; fail plainly instead.
step_zizmor() {
  local venv="$TOOLS/venv-zizmor" id
  id="zizmor==$ZIZMOR_VERSION $("$PYTHON" -c 'import sys; print(sys.version.split()[0])') $GOOS_ARCH"
  if stamp_ok zizmor "$id" && [ -x "$venv/bin/zizmor" ]; then
    note zizmor "skipped (already installed)"
  else
    log "zizmor: installing zizmor==$ZIZMOR_VERSION into ${venv#"$ROOT"/}; log: $LOGS/zizmor.log"
    {
      "$PYTHON" -m venv --clear "$venv" &&
      "$venv/bin/python" -m pip install --disable-pip-version-check -q --only-binary=:all: "zizmor==$ZIZMOR_VERSION" &&
      "$venv/bin/zizmor" --version
    } > "$LOGS/zizmor.log" 2>&1 || { tail -n 30 "$LOGS/zizmor.log" >&2; return 1; }
    stamp_set zizmor "$id"
  fi
  ln -sfn "$venv/bin/zizmor" "$TOOLS/bin/zizmor"
}
step_moto() { venv_step moto "$SCRIPT_DIR/requirements-moto.txt" "$TOOLS/venv-moto" moto_server; }
step_checkov() { venv_step checkov "$SCRIPT_DIR/requirements-checkov.txt" "$TOOLS/venv-checkov" checkov; }

# The default registry host names are read from the registry-address module
# that the pinned OpenTofu is built with (its default host and the
# "transitional" default that Terraform uses), so they are not spelled here.
registry_hosts() {
  local ver dir
  ver=$(awk '$1 == "github.com/opentofu/registry-address/v2" {print $2; exit}' \
        "$(go_mod_dir "$TOFU_MODULE@$TOFU_VERSION")/go.mod")
  [ -n "$ver" ] || { echo "registry-address not found in OpenTofu's go.mod" >&2; return 1; }
  dir=$(go_mod_dir "github.com/opentofu/registry-address/v2@$ver")
  sed -n -E 's/^const (Transitional)?DefaultProviderRegistryHost = svchost\.Hostname\("([^"]+)"\)$/\2/p' \
    "$dir/provider.go"
}

step_mirror() {
  local hosts primary id
  mapfile -t hosts < <(registry_hosts)
  [ "${#hosts[@]}" -ge 1 ] || { echo "could not determine the registry host names" >&2; return 1; }
  primary=${hosts[0]}
  id="v2 ${hosts[*]} | $(cat "$STAMPS/aws") | $AWS_MIRROR_VERSION | $(cat "$STAMPS/archive") | $MIRROR"
  if stamp_ok mirror "$id" && [ -f "$TOOLS/tofurc" ] \
     && [ -x "$MIRROR/$primary/hashicorp/aws/$AWS_MIRROR_VERSION/$GOOS_ARCH/terraform-provider-aws_v$AWS_MIRROR_VERSION" ] \
     && [ -x "$MIRROR/$primary/hashicorp/archive/$ARCHIVE_MIRROR_VERSION/$GOOS_ARCH/terraform-provider-archive_v$ARCHIVE_MIRROR_VERSION" ]; then
    note mirror "skipped (up to date)"; return 0
  fi
  # install NAME VERSION BINARY: unpacked layout HOST/hashicorp/NAME/VERSION/OS_ARCH/
  # for every host. Real directories (OpenTofu does not follow a symlinked
  # host directory) and hard links (no extra copy of the ~900 MB aws binary;
  # falls back to a copy).
  install_provider() {
    local h d
    for h in "${hosts[@]}"; do
      d="$MIRROR/$h/hashicorp/$1/$2/$GOOS_ARCH"
      mkdir -p "$d" || return 1
      ln -f "$3" "$d/terraform-provider-$1_v$2" 2>/dev/null || cp -f "$3" "$d/terraform-provider-$1_v$2" || return 1
    done
  }
  rm -rf "$MIRROR"
  install_provider aws "$AWS_MIRROR_VERSION" "$BUILD/terraform-provider-aws_v$AWS_SOURCE_VERSION"
  install_provider archive "$ARCHIVE_MIRROR_VERSION" "$BUILD/terraform-provider-archive_v$ARCHIVE_MIRROR_VERSION"
  log "mirror: hosts ${hosts[*]}; aws $AWS_MIRROR_VERSION (built from $AWS_SOURCE_VERSION), archive $ARCHIVE_MIRROR_VERSION (stand-in)"

  cat > "$TOOLS/tofurc" <<EOF
# Generated by terraform/setup.sh; do not edit. Used via TF_CLI_CONFIG_FILE.
# Providers come only from the local mirror: no network is ever used.
provider_installation {
  filesystem_mirror {
    path = "$MIRROR"
  }
}
disable_checkpoint = true
EOF
  stamp_set mirror "$id"
}

step_verify() {
  local dir
  dir=$(mktemp -d)
  cat > "$dir/main.tf.json" <<EOF
{
  "terraform": {
    "required_providers": {
      "aws": {"source": "aws", "version": "$AWS_MIRROR_VERSION"},
      "archive": {"source": "archive", "version": "$ARCHIVE_MIRROR_VERSION"}
    }
  },
  "provider": {"aws": [{
    "region": "us-east-1", "access_key": "test", "secret_key": "test",
    "skip_credentials_validation": true, "skip_requesting_account_id": true,
    "skip_metadata_api_check": "true", "skip_region_validation": true,
    "endpoints": [{"dynamodb": "http://127.0.0.1:1", "lambda": "http://127.0.0.1:1"}]
  }]},
  "data": {"archive_file": {"demo": {"type": "zip", "source_content": "hello",
    "source_content_filename": "hello.txt", "output_path": "\${path.module}/demo.zip"}}},
  "resource": {"aws_dynamodb_table": {"demo": {"name": "demo", "billing_mode": "PAY_PER_REQUEST",
    "hash_key": "pk", "attribute": [{"name": "pk", "type": "S"}]}}}
}
EOF
  (
    cd "$dir"
    export TF_CLI_CONFIG_FILE="$TOOLS/tofurc" CHECKPOINT_DISABLE=1
    "$TOOLS/bin/tofu" init -input=false -no-color >"$LOGS/verify.log" 2>&1 &&
    "$TOOLS/bin/tofu" validate -no-color >>"$LOGS/verify.log" 2>&1
  ) || { cat "$LOGS/verify.log" >&2; rm -rf "$dir"; return 1; }
  grep -E '^- Installed|^Success' "$LOGS/verify.log" || true
  "$TOOLS/bin/moto_server" --help >/dev/null
  "$TOOLS/bin/checkov" --version
  "$TOOLS/bin/zizmor" --version
  rm -rf "$dir"
}

# ---------------------------------------------------------------- main --------
T0=$SECONDS
log "tools dir: $TOOLS ($("$GO" version | cut -d' ' -f3), $GOOS_ARCH, GOMODCACHE=$GOMODCACHE, GOCACHE=$GOCACHE)"

# The AWS provider takes by far the longest: start it first, in the background.
rm -f "$LOGS/aws.result"
run_step aws step_aws &
AWS_PID=$!

STEPS=(tofu archive moto checkov actionlint zizmor)
for s in "${STEPS[@]}"; do run_step "$s" "step_$s"; done

log "waiting for the aws provider build (pid $AWS_PID)..."
wait "$AWS_PID" || true
[ -f "$LOGS/aws.result" ] || echo "1 ? FAILED (no result), see $LOGS/aws.log" > "$LOGS/aws.result"
STEPS+=(aws)

if [ "$(cut -d' ' -f1 "$LOGS/aws.result")" = 0 ] && [ "$(cut -d' ' -f1 "$LOGS/archive.result")" = 0 ]; then
  run_step mirror step_mirror
else
  echo "1 0 not done (a provider build failed)" > "$LOGS/mirror.result"
fi
STEPS+=(mirror)
if [ "$VERIFY" = 1 ]; then run_step verify step_verify; STEPS+=(verify); fi

echo
echo "step       seconds  result"
failed=0
for s in "${STEPS[@]}"; do
  read -r rc secs result < "$LOGS/$s.result"
  printf '%-10s %7s  %s\n' "$s" "$secs" "$result"
  [ "$rc" = 0 ] || failed=1
done
echo "total      $((SECONDS - T0))s"
if [ "$failed" = 1 ]; then echo "setup.sh: some steps failed" >&2; exit 1; fi
echo "Now: source terraform/env.sh"
