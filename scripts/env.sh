# Sourced by ./ebee and ./test: finds a JDK >= 25 and installs the build's system packages.
# Everything it does is said on stderr; it changes nothing when all is in place.

ebee_say() { printf 'ebee: %s\n' "$*" >&2; }

ebee_java_version() { # prints the feature version of the JDK at $1, or nothing
  local line v
  # every JDK has a release file; reading it costs nothing, starting a JVM to ask costs 60-170 ms
  if [ -r "$1/release" ] && line=$(grep -m1 '^JAVA_VERSION=' "$1/release"); then
    v=${line#JAVA_VERSION=\"}; v=${v%%\"*}
    case "$v" in 1.*) echo "${v%%.*}" ;; *) echo "${v%%[.+-]*}" ;; esac
    return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

ebee_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(ebee_java_version "$cand")
    case "$v" in ''|1.*) continue ;; esac
    if [ "$v" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  ebee_say "no JDK 25 or newer found (looked at JAVA_HOME and /usr/lib/jvm)."
  ebee_say "install one, e.g. Temurin 25 (apt package temurin-25-jdk from the Adoptium repository), then set JAVA_HOME."
  return 1
}

ebee_need_pkgs() { # installs Debian packages that are missing, when root
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    ebee_say "missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
    return 1
  fi
  ebee_say "installing ${missing[*]} from Debian"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/ebee-apt.log 2>&1; then
    apt-get update -qq >/tmp/ebee-apt.log 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>/tmp/ebee-apt.log 2>&1 || {
      ebee_say "apt-get install ${missing[*]} failed; see /tmp/ebee-apt.log"; return 1; }
  fi
}

ebee_setup() {
  ebee_find_jdk || return 1
  command -v mvn >/dev/null || ebee_need_pkgs maven || return 1
  ebee_need_pkgs clang-19 llvm-19 libbpf-dev || return 1
}

# The test suite also compares with libbpf (bpftool, libbpf-tools) and drives network namespaces and ptys.
ebee_setup_tests() {
  ebee_setup || return 1
  ebee_need_pkgs bpftool libbpf-tools iproute2 python3 systemtap-sdt-dev prometheus || return 1
}
