#!/usr/bin/env bash
# Offline validation of the Docker packaging (docker/Dockerfile,
# docker/docker-compose.yml, docker/.env.example) and of its optional
# monitoring profile (docker/monitoring/: Prometheus and Grafana files, checked
# by .ci/check_monitoring.py).
#
# Needs no Docker engine: it renders and lints the files instead of building
# or starting anything. Installs its tools when they are missing:
#   - docker-compose v1 (Debian package) through apt-get, which needs root;
#   - dclint, dockerfilelint and dockerfile-utils (npm, pinned versions) into a
#     cache directory, never globally.
#
# Usage (from anywhere; it works on the repository it lives in):
#   .ci/validate-docker.sh
# Environment:
#   VALIDATE_DOCKER_TOOLS_DIR  where the npm tools are installed
#                              (default: ~/.cache/consultation-mechanism/validate-docker-tools)
#
# Runs every check, prints what it checked, and exits 1 if any check failed.
set -euo pipefail

DCLINT_VERSION=3.1.0
DOCKERFILELINT_VERSION=1.8.0
DOCKERFILE_UTILS_VERSION=0.16.3

COMPOSE_FILE=docker/docker-compose.yml
DOCKERFILE=docker/Dockerfile
ENV_EXAMPLE=docker/.env.example
DCLINT_CONFIG=docker/.dclintrc

# Variables the compose file requires; unset for hermetic checks so that the
# caller's shell cannot make a check pass by accident.
COMPOSE_VARS=(DB_USER DB_PASSWORD ADMIN_USER ADMIN_PASSWORD METRICS_USER METRICS_PASSWORD
    GRAFANA_ADMIN_USER GRAFANA_ADMIN_PASSWORD APP_PORT PROMETHEUS_PORT GRAFANA_PORT COMPOSE_PROJECT_NAME)
# The credentials among them: each must stop compose when it is missing.
REQUIRED_VARS=(DB_USER DB_PASSWORD ADMIN_USER ADMIN_PASSWORD METRICS_USER METRICS_PASSWORD
    GRAFANA_ADMIN_USER GRAFANA_ADMIN_PASSWORD)
MONITORING_PROFILE=monitoring
MONITORING_SERVICES=(grafana prometheus)

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TOOLS_DIR="${VALIDATE_DOCKER_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consultation-mechanism/validate-docker-tools}"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

# Dummy credentials, visible only to the compose checks below.
DUMMY_ENV="$WORK_DIR/dummy.env"
cat >"$DUMMY_ENV" <<'EOF'
DB_USER=validate-user
DB_PASSWORD=validate-password
ADMIN_USER=validate-admin
ADMIN_PASSWORD=validate-admin-password
METRICS_USER=validate-metrics
METRICS_PASSWORD=validate-metrics-password
GRAFANA_ADMIN_USER=validate-grafana
GRAFANA_ADMIN_PASSWORD=validate-grafana-password
EOF

log() { printf '%s\n' "$*"; }
die() { printf 'validate-docker: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Tool installation
# ---------------------------------------------------------------------------
ensure_docker_compose() {
    if command -v docker-compose >/dev/null 2>&1; then
        return
    fi
    [ "$(id -u)" -eq 0 ] || die "docker-compose is missing and installing it needs root: apt-get install docker-compose"
    log "Installing docker-compose (Debian package) ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
}

# The contract check parses the rendered config with PyYAML, which the Debian
# docker-compose package already depends on; other installs may lack it.
ensure_python_yaml() {
    command -v python3 >/dev/null 2>&1 || die "python3 is required"
    if python3 -c 'import yaml' 2>/dev/null; then
        return
    fi
    [ "$(id -u)" -eq 0 ] || die "python3-yaml is missing and installing it needs root: apt-get install python3-yaml"
    log "Installing python3-yaml (Debian package) ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null
}

npm_tool_version() {
    local pkg=$1
    node -p "require('$TOOLS_DIR/node_modules/$pkg/package.json').version" 2>/dev/null || true
}

ensure_npm_tools() {
    command -v node >/dev/null 2>&1 || die "node is required (dclint needs Node.js >= 20.19)"
    command -v npm >/dev/null 2>&1 || die "npm is required"
    node -e '
        const [maj, min] = process.versions.node.split(".").map(Number);
        process.exit(maj > 20 || (maj === 20 && min >= 19) ? 0 : 1);
    ' || die "dclint ${DCLINT_VERSION} needs Node.js >= 20.19, found $(node --version)"

    if [ "$(npm_tool_version dclint)" = "$DCLINT_VERSION" ] &&
        [ "$(npm_tool_version dockerfilelint)" = "$DOCKERFILELINT_VERSION" ] &&
        [ "$(npm_tool_version dockerfile-utils)" = "$DOCKERFILE_UTILS_VERSION" ]; then
        return
    fi
    log "Installing npm linters into $TOOLS_DIR ..."
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error \
        "dclint@$DCLINT_VERSION" \
        "dockerfilelint@$DOCKERFILELINT_VERSION" \
        "dockerfile-utils@$DOCKERFILE_UTILS_VERSION" >/dev/null
}

# ---------------------------------------------------------------------------
# Checks. Each runs in a subshell with errexit on (see run_check), so any
# failing command fails the check.
# ---------------------------------------------------------------------------

# Renders the compose file with only the given env file and none of the
# caller's variables.
compose_config() {
    local env_file=$1
    shift
    local unset_args=()
    local v
    for v in "${COMPOSE_VARS[@]}"; do unset_args+=(-u "$v"); done
    env "${unset_args[@]}" docker-compose --env-file "$env_file" -f "$COMPOSE_FILE" "$@"
}

check_compose_config_dummy() {
    compose_config "$DUMMY_ENV" config -q
    log "    $COMPOSE_FILE is valid for docker-compose $(docker-compose version --short) with dummy credentials"
}

check_compose_env_example() {
    compose_config "$PWD/$ENV_EXAMPLE" config -q
    log "    $ENV_EXAMPLE sets every variable the compose file requires"
}

check_compose_requires_credentials() {
    local empty="$WORK_DIR/empty.env" err="$WORK_DIR/missing.err" v
    : >"$empty"
    if compose_config "$empty" config -q 2>"$err"; then
        log "    compose accepted a configuration without any credentials"
        return 1
    fi
    grep -q 'must be set' "$err" || { cat "$err"; return 1; }
    # Each credential on its own: dropping any single one must be refused.
    for v in "${REQUIRED_VARS[@]}"; do
        grep -v "^$v=" "$DUMMY_ENV" >"$WORK_DIR/partial.env"
        if compose_config "$WORK_DIR/partial.env" config -q 2>"$err"; then
            log "    compose accepted a configuration without $v"
            return 1
        fi
        grep -q "$v must be set" "$err" || { cat "$err"; return 1; }
    done
    log "    compose refuses to render when any of ${REQUIRED_VARS[*]} is missing"
}

check_compose_contract() {
    compose_config "$DUMMY_ENV" config >"$WORK_DIR/rendered.yml"
    python3 - "$WORK_DIR/rendered.yml" <<'EOF'
import sys
import yaml

with open(sys.argv[1]) as f:
    cfg = yaml.safe_load(f)
problems = []

def expect(cond, msg):
    if not cond:
        problems.append(msg)

services = cfg.get("services", {})
app = services.get("app", {})
pg = services.get("postgres", {})
env = app.get("environment", {})

expect(app.get("build", {}).get("dockerfile") == "docker/Dockerfile", "app must build docker/Dockerfile")
expect(env.get("SPRING_PROFILES_ACTIVE") == "postgres", "app must run with SPRING_PROFILES_ACTIVE=postgres only")
expect(env.get("DB_URL") == "jdbc:postgresql://postgres:5432/consultation", "DB_URL must point at the postgres service")
for var in ("DB_USER", "DB_PASSWORD", "ADMIN_USER", "ADMIN_PASSWORD"):
    expect(bool(env.get(var)), f"app must receive {var}")
expect(app.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy",
       "app must wait for a healthy postgres")
expect(app.get("ports") == ["127.0.0.1:8080:8080/tcp"], f"app must publish 8080 on 127.0.0.1 only, got {app.get('ports')}")
expect(app.get("restart") in ("unless-stopped", "always", "on-failure"), "app needs a restart policy")
expect(pg.get("image") == "postgres:17", "postgres must use the postgres:17 image")
expect("ports" not in pg, "postgres must not publish ports")
expect(pg.get("environment", {}).get("POSTGRES_DB") == "consultation", "POSTGRES_DB must be consultation")
expect("pg_isready" in " ".join(pg.get("healthcheck", {}).get("test", [])), "postgres healthcheck must use pg_isready")
expect(any(v.startswith("postgres-data:") for v in pg.get("volumes", [])), "postgres data must live in the named volume")
expect("postgres-data" in cfg.get("volumes", {}), "named volume postgres-data must be declared")

# The metrics user the app creates (mechanism.identity.users[0]) and Prometheus scrapes with.
expect(env.get("MECHANISM_IDENTITY_USERS_0_ID") == "validate-metrics", "app must create the METRICS_USER account")
expect(env.get("MECHANISM_IDENTITY_USERS_0_PASSWORD") == "validate-metrics-password", "app must give it METRICS_PASSWORD")
expect(env.get("MECHANISM_IDENTITY_USERS_0_GROUPS") == "observers", "the metrics user belongs in the read-only observers group")

# Monitoring: only under the profile, pinned images, loopback-only ports.
expect(not app.get("profiles") and not pg.get("profiles"), "app and postgres must not be in a profile (plain `up` starts them)")
monitoring = {"prometheus": ("prom/prometheus:v", "127.0.0.1:9090:9090/tcp"),
              "grafana": ("grafana/grafana:", "127.0.0.1:3000:3000/tcp")}
for name, (image_prefix, port) in monitoring.items():
    svc = services.get(name, {})
    expect(svc.get("profiles") == ["monitoring"], f"{name} must be in the profile monitoring only, got {svc.get('profiles')}")
    image = svc.get("image", "")
    tag = image.rsplit(":", 1)[-1] if ":" in image else ""
    expect(image.startswith(image_prefix) and tag.count(".") == 2,
           f"{name} must pin a full version ({image_prefix}X.Y.Z), got {image!r}")
    expect(svc.get("ports") == [port], f"{name} must publish {port} only, got {svc.get('ports')}")
    expect(svc.get("restart") == "unless-stopped", f"{name} needs restart: unless-stopped")
    expect(bool(svc.get("healthcheck", {}).get("test")), f"{name} needs a health check")
    expect(f"{name}-data" in cfg.get("volumes", {}), f"named volume {name}-data must be declared")
genv = services.get("grafana", {}).get("environment", {})
expect(genv.get("GF_SECURITY_ADMIN_PASSWORD") == "validate-grafana-password", "grafana must take GRAFANA_ADMIN_PASSWORD")
expect(genv.get("GF_AUTH_ANONYMOUS_ENABLED") == "false" and genv.get("GF_USERS_ALLOW_SIGN_UP") == "false",
       "grafana must allow neither anonymous access nor sign-up")

if problems:
    print("\n".join("    " + p for p in problems))
    sys.exit(1)
EOF
    log "    rendered config: profile postgres, DB_URL -> postgres service, credentials passed, port 127.0.0.1:8080, waits for healthy postgres, volume, restart policy"
    log "    monitoring: metrics user in observers, prometheus/grafana pinned, under profile $MONITORING_PROFILE, loopback ports, health checks, volumes"
}

# Which services `up` starts, with and without the profile. docker-compose
# 1.29's `config --services` lists every service whatever the profiles, so ask
# its own selection logic (Project.get_services, as `up` uses it) instead,
# through the interpreter docker-compose runs on and with an engine stub:
# nothing here talks to Docker.
check_compose_profiles() {
    local py
    py="$(head -1 "$(command -v docker-compose)" | sed -n 's/^#! *//p')"
    [ -n "$py" ] || { log "    cannot find docker-compose's Python interpreter"; return 1; }
    local unset_args=() v
    for v in "${COMPOSE_VARS[@]}"; do unset_args+=(-u "$v"); done
    # $py may carry interpreter options, hence unquoted.
    # shellcheck disable=SC2086
    env "${unset_args[@]}" $py - "$DUMMY_ENV" "$COMPOSE_FILE" "$MONITORING_PROFILE" "${MONITORING_SERVICES[@]}" <<'EOF'
import sys
from compose.config import config
from compose.config.environment import Environment
from compose.project import Project
from docker.errors import NotFound

env_file, compose_file, profile, *monitoring = sys.argv[1:]

class Offline:
    "Stands in for the Docker client: every lookup finds nothing."
    def __getattr__(self, name):
        def missing(*args, **kwargs):
            raise NotFound("no Docker engine during validation")
        return missing

cfg = config.load(config.find(".", [compose_file], Environment.from_env_file(".", env_file)))

def started(profiles):
    project = Project.from_config("validate", cfg, Offline(), enabled_profiles=profiles)
    return sorted(s.name for s in project.get_services(include_deps=True))

default, with_profile = started([]), started([profile])
problems = []
if set(default) & set(monitoring):
    problems.append(f"plain `up` would start {sorted(set(default) & set(monitoring))}")
if not {"app", "postgres"} <= set(default):
    problems.append(f"plain `up` must start app and postgres, starts {default}")
if sorted(set(default) | set(monitoring)) != with_profile:
    problems.append(f"`--profile {profile} up` must start {sorted(set(default) | set(monitoring))}, starts {with_profile}")
if problems:
    print("\n".join("    " + p for p in problems))
    sys.exit(1)
print(f"    up starts {' '.join(default)}; --profile {profile} up starts {' '.join(with_profile)} (docker-compose's own selection)")
EOF
}

check_prometheus_config() {
    compose_config "$DUMMY_ENV" config >"$WORK_DIR/rendered-prometheus.yml"
    python3 .ci/check_monitoring.py prometheus "$WORK_DIR/rendered-prometheus.yml"
}

check_grafana_provisioning() {
    compose_config "$DUMMY_ENV" config >"$WORK_DIR/rendered-grafana.yml"
    python3 .ci/check_monitoring.py grafana "$WORK_DIR/rendered-grafana.yml"
}

check_grafana_dashboard() {
    python3 .ci/check_monitoring.py dashboard
}

check_dclint() {
    "$TOOLS_DIR/node_modules/.bin/dclint" --config "$DCLINT_CONFIG" --max-warnings 0 --color=false "$COMPOSE_FILE"
    log "    dclint $DCLINT_VERSION: no errors, no warnings ($DCLINT_CONFIG)"
}

check_dockerfilelint() {
    [ -f "$DOCKERFILE" ] || { log "    $DOCKERFILE not found"; return 1; }
    # dockerfilelint exits with the issue count (which wraps at 256), so the
    # JSON report is evaluated instead of the exit code.
    local report="$WORK_DIR/dockerfilelint.json"
    "$TOOLS_DIR/node_modules/.bin/dockerfilelint" --output json "$DOCKERFILE" >"$report" || true
    node - "$report" <<'EOF'
const fs = require("fs");
const report = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// dockerfilelint 1.8.0 reads HEALTHCHECK options with /--\w+/, so it cuts
// "--start-period" to "--start" and reports "Invalid Argument Format".
// Waive exactly that case, after re-checking the options correctly; every
// other finding still fails.
const healthOptions = ["--interval", "--timeout", "--start-period", "--start-interval", "--retries"];
const isHealthcheckFalsePositive = (issue) => {
  if (issue.title !== "Invalid Argument Format" || !/^HEALTHCHECK\s/.test(issue.content)) return false;
  const beforeCmd = issue.content.split(/\sCMD(\s|$)/)[0];
  const opts = beforeCmd.match(/--[\w-]+(=\S*)?/g) || [];
  return opts.every((o) => /^--[\w-]+=\d+[smh]?$|^--retries=\d+$/.test(o) && healthOptions.includes(o.split("=")[0]));
};
let failures = 0;
for (const file of report.files) {
  for (const issue of file.issues) {
    if (isHealthcheckFalsePositive(issue)) {
      console.log(`    waived known dockerfilelint bug at line ${issue.line}: ${issue.content.trim()}`);
      continue;
    }
    failures++;
    console.log(`    line ${issue.line}: ${issue.title} (${issue.category}): ${issue.description}\n      ${issue.content}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
EOF
    log "    dockerfilelint $DOCKERFILELINT_VERSION: no issues"
}

check_dockerfile_utils() {
    [ -f "$DOCKERFILE" ] || { log "    $DOCKERFILE not found"; return 1; }
    local report="$WORK_DIR/dockerfile-utils.json"
    # Its exit code ignores warnings; the JSON report catches those too.
    "$TOOLS_DIR/node_modules/.bin/dockerfile-utils" lint --json "$DOCKERFILE" >"$report" || true
    node - "$report" <<'EOF'
const fs = require("fs");
const diagnostics = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const d of diagnostics) {
  console.log(`    line ${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
}
process.exit(diagnostics.length === 0 ? 0 : 1);
EOF
    log "    dockerfile-utils $DOCKERFILE_UTILS_VERSION: no errors, no warnings"
}

check_dockerfile_contract() {
    local problems=0 f
    expect_line() {
        if ! grep -Eq "$1" "$DOCKERFILE"; then
            log "    missing in $DOCKERFILE: $2"
            problems=$((problems + 1))
        fi
    }
    expect_line '^FROM eclipse-temurin:17-jdk AS build$' 'build stage on eclipse-temurin:17-jdk'
    expect_line '^FROM eclipse-temurin:17-jre$' 'runtime stage on eclipse-temurin:17-jre'
    expect_line 'mvnw -B .*-DskipTests package' 'the ./mvnw -B -DskipTests package build'
    expect_line '^ENV SPRING_PROFILES_ACTIVE=postgres$' 'SPRING_PROFILES_ACTIVE=postgres'
    expect_line '^USER [1-9][0-9]*:[0-9]+$' 'a numeric non-root USER'
    expect_line '^EXPOSE 8080$' 'EXPOSE 8080'
    expect_line '^HEALTHCHECK ' 'a HEALTHCHECK'
    expect_line 'http://127\.0\.0\.1:8080/actuator/health' 'the health check against /actuator/health'
    expect_line '/build/target/consultation-mechanism\.jar' 'the jar target/consultation-mechanism.jar'
    if grep -Ev '^\s*#' "$DOCKERFILE" | grep -qi 'demo'; then
        log "    $DOCKERFILE must not enable the demo profile"
        problems=$((problems + 1))
    fi
    # COPY fails on a missing source, so the build context must hold them all.
    for f in pom.xml mvnw .mvn/wrapper/maven-wrapper.properties src bpmn; do
        if [ ! -e "$f" ]; then
            log "    build context lacks $f, which $DOCKERFILE copies"
            problems=$((problems + 1))
        fi
    done
    # The runtime stage copies a fixed jar name; keep it in step with the POM.
    if [ -f pom.xml ] && ! grep -q '<finalName>consultation-mechanism</finalName>' pom.xml; then
        log "    pom.xml no longer sets <finalName>consultation-mechanism</finalName>, which $DOCKERFILE copies"
        problems=$((problems + 1))
    fi
    [ "$problems" -eq 0 ]
    log "    base images, build command, profile, non-root user, port, health check and jar name match the contract"
}

# ---------------------------------------------------------------------------
# Runner
# ---------------------------------------------------------------------------
passed=0
failed=()

run_check() {
    local name=$1 fn=$2 rc
    log "==> $name"
    set +e
    ( set -e; "$fn" )
    rc=$?
    set -e
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
    else
        log "    FAILED: $name"
        failed+=("$name")
    fi
}

ensure_docker_compose
ensure_python_yaml
ensure_npm_tools

run_check "docker-compose config ($COMPOSE_FILE, dummy credentials)" check_compose_config_dummy
run_check "docker-compose config with $ENV_EXAMPLE as the only env file" check_compose_env_example
run_check "compose refuses missing credentials" check_compose_requires_credentials
run_check "rendered compose config matches the service contract" check_compose_contract
run_check "compose profile $MONITORING_PROFILE: only it starts ${MONITORING_SERVICES[*]}" check_compose_profiles
run_check "docker/monitoring/prometheus.yml scrapes the app" check_prometheus_config
run_check "Grafana provisioning matches compose" check_grafana_provisioning
run_check "Grafana dashboard: data source, metric names, max across nodes" check_grafana_dashboard
run_check "dclint $COMPOSE_FILE" check_dclint
run_check "dockerfilelint $DOCKERFILE" check_dockerfilelint
run_check "dockerfile-utils lint $DOCKERFILE" check_dockerfile_utils
run_check "$DOCKERFILE matches the service contract" check_dockerfile_contract

if [ "${#failed[@]}" -ne 0 ]; then
    log ""
    log "validate-docker: ${#failed[@]} of $((passed + ${#failed[@]})) checks FAILED:"
    printf '  - %s\n' "${failed[@]}"
    exit 1
fi
log ""
log "validate-docker: all $passed checks passed"
