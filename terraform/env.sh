# shellcheck shell=bash
# Source this (`source terraform/env.sh`) after terraform/setup.sh has run, to
# use the offline OpenTofu, provider mirror, moto server, checkov, actionlint
# and zizmor in .tools.
_tf_env_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)
export TOOLS_DIR="$_tf_env_dir/.tools"
# Providers are installed only from .tools/providers (see .tools/tofurc).
export TF_CLI_CONFIG_FILE="$TOOLS_DIR/tofurc"
# cdktf drives this binary instead of `terraform`.
export TERRAFORM_BINARY_NAME="$TOOLS_DIR/bin/tofu"
export CHECKPOINT_DISABLE=1
case ":$PATH:" in
  *":$TOOLS_DIR/bin:"*) ;;
  *) export PATH="$TOOLS_DIR/bin:$PATH" ;;
esac
unset _tf_env_dir
