# Shared helpers for run.sh, test.sh, tools/lint.sh and tools/i18n.sh.
# Sourced, not executed. Every step is idempotent: re-running reuses what exists.

set -euo pipefail

SPM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPM_MODULE=sales_process_mgmt
SPM_CONF_DIR=${XDG_CONFIG_HOME:-$HOME/.config}/sales_process_mgmt
SPM_CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/sales_process_mgmt
SPM_PY=${SPM_PYTHON:-python3}
SPM_DB_USER=${SPM_DB_USER:-odoo_spm}
SPM_DB_PASSWORD=${SPM_DB_PASSWORD:-odoo_spm}
SPM_DB_HOST=${SPM_DB_HOST:-127.0.0.1}
SPM_DB_PORT=${SPM_DB_PORT:-5432}

say() { printf '\033[1m[spm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[spm] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    # apt_install PKG... : installs the Debian packages that are missing.
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || die "Missing system packages (${missing[*]}) and no apt-get to install them."
    say "Installing Debian packages: ${missing[*]}"
    # Wait for the Debian package lock (another apt, unattended-upgrades) instead of failing.
    local lock=(-o "DPkg::Lock::Timeout=${SPM_APT_LOCK_TIMEOUT:-900}")
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
}

# --- Odoo discovery ----------------------------------------------------------
# Order: $ODOO_SRC, the path recorded in $SPM_CONF_DIR/odoo_src, an importable odoo.
# Sets ODOO_SRC (a folder holding odoo-bin, or empty when odoo is only importable)
# and ODOO_FOUND=1/0.
find_odoo() {
    ODOO_FOUND=0
    local cand=""
    if [[ -n ${ODOO_SRC:-} ]]; then
        cand=$ODOO_SRC
    elif [[ -f $SPM_CONF_DIR/odoo_src ]]; then
        cand=$(<"$SPM_CONF_DIR/odoo_src")
    fi
    if [[ -n $cand ]]; then
        if [[ -f $cand/odoo/release.py ]]; then
            ODOO_SRC=$(cd "$cand" && pwd)
            ODOO_FOUND=1
        else
            say "Odoo source '$cand' holds no odoo/release.py; ignoring it."
            ODOO_SRC=""
        fi
    fi
    if [[ $ODOO_FOUND == 0 ]]; then
        local py=${VENV_PY:-$SPM_PY}
        local dir
        if dir=$("$py" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null); then
            ODOO_SRC=$dir
            ODOO_FOUND=1
        fi
    fi
    if [[ $ODOO_FOUND == 1 ]]; then
        local ver
        ver=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$ODOO_SRC/odoo/release.py" 2>/dev/null || true)
        [[ -z $ver || $ver == 18.0 ]] || die "Odoo at $ODOO_SRC is version $ver; this addon needs 18.0."
    fi
    export ODOO_SRC
}

record_odoo() {
    # Remember where Odoo was found so later runs (and CI on this machine) find it.
    [[ -n ${ODOO_SRC:-} ]] || return 0
    mkdir -p "$SPM_CONF_DIR"
    printf '%s\n' "$ODOO_SRC" >"$SPM_CONF_DIR/odoo_src"
}

explain_get_odoo() {
    cat >&2 <<EOF

  Odoo 18.0 was not found. This addon runs inside Odoo; get Odoo 18 Community
  the official way, then run this command again:

      git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git ~/odoo18
      ODOO_SRC=~/odoo18 ./run.sh

  (or download the 18.0 source archive from https://www.odoo.com/page/download).
  The path you give in ODOO_SRC is remembered in $SPM_CONF_DIR/odoo_src.

EOF
}

odoo_addons_path() {
    local p="$SPM_ROOT"
    [[ -d $ODOO_SRC/odoo/addons ]] && p="$p,$ODOO_SRC/odoo/addons"
    [[ -d $ODOO_SRC/addons ]] && p="$p,$ODOO_SRC/addons"
    printf '%s' "$p"
}

# --- Python virtual environment ---------------------------------------------
# ensure_venv light|full : light = static tests and lint; full = Odoo's pins too.
ensure_venv() {
    local kind=$1 files
    if [[ $kind == full ]]; then
        files=("$SPM_ROOT/requirements-odoo18.txt" "$SPM_ROOT/requirements.txt" "$SPM_ROOT/requirements-test.txt")
    else
        files=("$SPM_ROOT/requirements-test.txt")
    fi
    "$SPM_PY" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    local hash
    hash=$(cat "${files[@]}" | sha1sum | cut -c1-12)
    SPM_VENV=${SPM_VENV:-$SPM_CACHE_DIR/venv-$kind-$hash}
    VENV_PY=$SPM_VENV/bin/python
    if [[ ! -f $SPM_VENV/.complete ]]; then
        if [[ $kind == full ]]; then
            # psycopg2 and python-ldap-free Odoo pins build from source: headers needed.
            apt_install libpq-dev gcc python3-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev
        fi
        say "Creating virtual environment $SPM_VENV (first run only; a few minutes)"
        rm -rf "$SPM_VENV"
        mkdir -p "$SPM_CACHE_DIR"
        "$SPM_PY" -m venv "$SPM_VENV"
        local args=()
        for f in "${files[@]}"; do args+=(-r "$f"); done
        {
            "$VENV_PY" -m pip install -q --upgrade "pip<25" wheel "setuptools<70" &&
                PIP_CONSTRAINT="$SPM_ROOT/constraints-build.txt" "$VENV_PY" -m pip install -q "${args[@]}"
        } 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) ||
            die "Installing the Python dependencies into $SPM_VENV failed (see the messages above)."
        touch "$SPM_VENV/.complete"
    fi
    export VENV_PY SPM_VENV
}

# ensure_tool_venv KIND REQUIREMENTS [over-full] : a small venv of its own for pinned
# tools (lint: ruff, pylint-odoo, OCA hooks; odootools: click-odoo-contrib, OpenCC).
# With over-full it is layered over the venv with Odoo's pins (ensure_venv full first):
# a .pth file puts that venv's packages and Odoo itself on its path, so the tools import
# odoo without a second copy of Odoo's dependencies and without touching that venv.
# Sets TOOL_VENV.
ensure_tool_venv() {
    local kind=$1 req=$SPM_ROOT/$2 base=${3:-} key pth=""
    if [[ $base == over-full ]]; then
        pth=$("$VENV_PY" -c 'import sysconfig; p = sysconfig.get_paths(); print(p["purelib"]); print(p["platlib"])' | sort -u)
        pth+=$'\n'${ODOO_SRC:-}
    fi
    key=$( { cat "$req"; printf '%s' "$pth"; } | sha1sum | cut -c1-12)
    TOOL_VENV=$SPM_CACHE_DIR/venv-$kind-$key
    if [[ ! -f $TOOL_VENV/.complete ]]; then
        say "Creating the $kind environment $TOOL_VENV (first run only)"
        "$SPM_PY" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
        rm -rf "$TOOL_VENV"
        mkdir -p "$SPM_CACHE_DIR"
        "$SPM_PY" -m venv "$TOOL_VENV"
        if [[ -n $pth ]]; then
            printf '%s\n' "$pth" >"$("$TOOL_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/spm_odoo_venv.pth"
        fi
        "$TOOL_VENV/bin/python" -m pip install -q -r "$req" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) ||
            die "Installing $req into $TOOL_VENV failed (see the messages above)."
        touch "$TOOL_VENV/.complete"
    fi
}

odoo_tool() {
    # odoo_tool CONF NAME ARGS... : runs click-odoo-NAME (click-odoo-contrib) with the Odoo config CONF.
    local conf=$1 name=$2; shift 2
    TZ=UTC "$TOOL_VENV/bin/click-odoo-$name" -c "$conf" "$@"
}

# --- PostgreSQL ---------------------------------------------------------------
ensure_postgres() {
    if ! command -v pg_lsclusters >/dev/null && ! command -v psql >/dev/null; then
        apt_install postgresql
    fi
    apt_install postgresql
    if command -v pg_lsclusters >/dev/null; then
        local ver name
        read -r ver name _ < <(pg_lsclusters -h | head -n1)
        [[ -n ${ver:-} ]] || die "No PostgreSQL cluster exists; create one with pg_createcluster."
        if ! pg_lsclusters -h | head -n1 | grep -q online; then
            say "Starting PostgreSQL $ver/$name"
            as_root pg_ctlcluster "$ver" "$name" start
        fi
    fi
    # A role of our own: Odoo refuses to run as the postgres superuser.
    if ! PGPASSWORD=$SPM_DB_PASSWORD psql -h "$SPM_DB_HOST" -p "$SPM_DB_PORT" -U "$SPM_DB_USER" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        say "Creating PostgreSQL role $SPM_DB_USER"
        as_root su postgres -c "psql -q -p $SPM_DB_PORT -c \"DO \\\$\\\$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$SPM_DB_USER') THEN
                CREATE ROLE $SPM_DB_USER LOGIN CREATEDB PASSWORD '$SPM_DB_PASSWORD';
            ELSE
                ALTER ROLE $SPM_DB_USER LOGIN CREATEDB PASSWORD '$SPM_DB_PASSWORD';
            END IF; END \\\$\\\$;\""
    fi
    export PGHOST=$SPM_DB_HOST PGPORT=$SPM_DB_PORT PGUSER=$SPM_DB_USER PGPASSWORD=$SPM_DB_PASSWORD
}

db_exists() {
    psql -d postgres -Atqc "select 1 from pg_database where datname = '$1'" | grep -q 1
}

db_has_module() {
    # db_has_module DB MODULE : true when MODULE is installed in DB.
    psql -d "$1" -Atqc "select 1 from ir_module_module where name = '$2' and state = 'installed'" 2>/dev/null | grep -q 1
}

odoo_bin() {
    # odoo_bin [shell] ARGS... : runs Odoo 18 (or its shell) with this repository on the addons path.
    local command=()
    if [[ ${1:-} == shell ]]; then command=(shell); shift; fi
    local launcher=("$ODOO_SRC/odoo-bin")
    # An odoo that is only importable (pip-installed) has no odoo-bin: run the package.
    [[ -f $ODOO_SRC/odoo-bin ]] || launcher=(-m odoo)
    TZ=UTC "$VENV_PY" "${launcher[@]}" "${command[@]}" \
        --addons-path="$(odoo_addons_path)" \
        --db_host="$SPM_DB_HOST" --db_port="$SPM_DB_PORT" \
        --db_user="$SPM_DB_USER" --db_password="$SPM_DB_PASSWORD" \
        "$@"
}

write_odoo_conf() {
    # write_odoo_conf FILE [EXTRA-LINE] : an Odoo config for pytest-odoo and the server.
    mkdir -p "$(dirname "$1")"
    cat >"$1" <<CONF
[options]
addons_path = $(odoo_addons_path)
db_host = $SPM_DB_HOST
db_port = $SPM_DB_PORT
db_user = $SPM_DB_USER
db_password = $SPM_DB_PASSWORD
${2:-}
CONF
}
