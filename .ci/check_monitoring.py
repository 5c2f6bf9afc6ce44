#!/usr/bin/env python3
"""Offline checks of the monitoring profile (docker/monitoring/), run by .ci/validate-docker.sh.

No Prometheus, Grafana or Docker needed: the files are parsed and compared with each other and
with the compose file as docker-compose renders it. Subcommands (each prints what it checked and
exits 1 listing every problem):

  prometheus RENDERED_COMPOSE  prometheus.yml scrapes the app service at /actuator/prometheus
                               over HTTP Basic read from files the compose entrypoint writes
  grafana RENDERED_COMPOSE     the provisioned data source and dashboard provider match the
                               compose mounts and the prometheus service
  dashboard [DASHBOARD_JSON]   the dashboard is well formed, every panel queries the provisioned
                               data source, every PromQL expression uses only known metric names
                               (and labels), database-backed metrics are combined with max,
                               and docs/MONITORING.md names every metric used

Needs PyYAML (python3-yaml).
"""
import json
import re
import sys
from pathlib import Path

import yaml

MONITORING = Path("docker/monitoring")
PROMETHEUS_YML = MONITORING / "prometheus.yml"
DATASOURCES_DIR = MONITORING / "grafana/provisioning/datasources"
DASHBOARD_PROVIDERS_DIR = MONITORING / "grafana/provisioning/dashboards"
DASHBOARD_JSON = MONITORING / "grafana/dashboards/consultation-mechanism.json"
DOCS = Path("docs/MONITORING.md")

APP_SERVICE = "app"
APP_CONTAINER_PORT = 8080
METRICS_PATH = "/actuator/prometheus"
DATASOURCE_UID = "mechanism-prometheus"
DASHBOARD_UID = "consultation-mechanism"

# The service's own metrics (issue 6), with their labels. Their values come from the database,
# so every node reports the same numbers: a dashboard must combine nodes with max, not sum.
MECHANISM_METRICS = {
    "mechanism_rounds": {"status", "level"},
    "mechanism_open_tasks": {"side"},
    "mechanism_oldest_wait_seconds": {"side"},
    "mechanism_commitments": {"status"},
    "mechanism_co_lead_decisions_total": {"side", "decision"},
    "mechanism_statements_released_total": set(),
    "mechanism_round_requests_ended_total": {"outcome"},
}
# Node-local metrics: Micrometer's standard names as Spring Boot exports them, and Prometheus's
# own `up`. Summing these across nodes is fine.
NODE_METRICS = {
    "up",
    "jvm_memory_used_bytes",
    "http_server_requests_seconds_count",
    "http_server_requests_seconds_sum",
    "hikaricp_connections_active",
    "hikaricp_connections_pending",
    "process_cpu_usage",
}
ALLOWED_METRICS = set(MECHANISM_METRICS) | NODE_METRICS
# Labels Prometheus attaches to every scraped series.
TARGET_LABELS = {"job", "instance", "service"}

PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "atan2", "inf", "nan",
}
AGGREGATIONS = r"sum|max|min|avg|count|group|stddev|stdvar|topk|bottomk|quantile|count_values|limitk|limit_ratio"
# The text before an opening parenthesis that makes it the argument list of an aggregation:
# `max(`, `max by (side) (`, `sum without (instance) (`.
AGGREGATION_BEFORE_PAREN = re.compile(
    rf"\b({AGGREGATIONS})\s*(?:(?:by|without)\s*\([^()]*\)\s*)?$")
LABEL_LIST = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")


class Problems(list):
    def expect(self, condition, message):
        if not condition:
            self.append(message)
        return condition

    def finish(self, summary):
        if self:
            print("\n".join("    " + p for p in self))
            sys.exit(1)
        print("    " + summary)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def service(rendered, name):
    return (rendered.get("services") or {}).get(name) or {}


def mounts(svc):
    """Bind and volume mounts as {target: source} (docker-compose 1.29 renders short syntax)."""
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, dict):
            out[v.get("target")] = v.get("source")
        else:
            parts = v.split(":")
            out[parts[1]] = parts[0]
    return out


# ---------------------------------------------------------------------------
# prometheus.yml
# ---------------------------------------------------------------------------
def check_prometheus(rendered_path):
    rendered = load_yaml(rendered_path)
    p = Problems()
    try:
        cfg = load_yaml(PROMETHEUS_YML)
    except (OSError, yaml.YAMLError) as e:
        p.append(f"{PROMETHEUS_YML} does not parse: {e}")
        p.finish("")
    jobs = [j for j in (cfg.get("scrape_configs") or []) if j.get("metrics_path") == METRICS_PATH]
    if not p.expect(len(jobs) == 1, f"{PROMETHEUS_YML}: expected one scrape job with metrics_path {METRICS_PATH}, found {len(jobs)}"):
        p.finish("")
    job = jobs[0]
    names = [j.get("job_name") for j in cfg.get("scrape_configs") or []]
    p.expect(len(names) == len(set(names)), f"job names must be unique: {names}")
    p.expect(job.get("scheme", "http") == "http", "the app is scraped over plain HTTP inside the compose network")

    targets = [t for sc in job.get("static_configs") or [] for t in sc.get("targets") or []]
    p.expect(targets == [f"{APP_SERVICE}:{APP_CONTAINER_PORT}"],
             f"scrape targets must be [{APP_SERVICE}:{APP_CONTAINER_PORT}] (compose service and container port), got {targets}")
    app = service(rendered, APP_SERVICE)
    p.expect(bool(app), f"compose has no service {APP_SERVICE!r} to scrape")
    container_ports = {str(port).split("/")[0].rsplit(":", 1)[-1] for port in app.get("ports") or []}
    p.expect(str(APP_CONTAINER_PORT) in container_ports,
             f"the app's container port {APP_CONTAINER_PORT} is not among its compose ports {app.get('ports')}")

    auth = job.get("basic_auth")
    if p.expect(isinstance(auth, dict), f"the {job.get('job_name')} job needs basic_auth (/actuator/prometheus requires a user)"):
        p.expect("password" not in auth and bool(auth.get("password_file")),
                 "basic_auth must read password_file, never hold a password")
        p.expect(bool(auth.get("username_file")) != bool(auth.get("username")),
                 "basic_auth needs exactly one of username / username_file")
        prom = service(rendered, "prometheus")
        script = " ".join(prom.get("entrypoint") or [])
        tmpfs = prom.get("tmpfs") or []
        tmpfs = [tmpfs] if isinstance(tmpfs, str) else tmpfs
        for key in ("username_file", "password_file"):
            path = auth.get(key)
            if not path:
                continue
            p.expect(any(path.startswith(t.split(":")[0].rstrip("/") + "/") for t in tmpfs),
                     f"basic_auth.{key} {path} must lie on a tmpfs of the prometheus service (has {tmpfs})")
            p.expect(f"> {path}" in script, f"the prometheus entrypoint must write {path}")
        # Those files are filled from METRICS_USER / METRICS_PASSWORD, the same values the app
        # creates its metrics user from.
        env = prom.get("environment") or {}
        app_env = app.get("environment") or {}
        p.expect(env.get("METRICS_USER") and env.get("METRICS_USER") == app_env.get("MECHANISM_IDENTITY_USERS_0_ID"),
                 "prometheus's METRICS_USER must be the user the app creates (MECHANISM_IDENTITY_USERS_0_ID)")
        p.expect(env.get("METRICS_PASSWORD") and env.get("METRICS_PASSWORD") == app_env.get("MECHANISM_IDENTITY_USERS_0_PASSWORD"),
                 "prometheus's METRICS_PASSWORD must be the app's metrics user password")

    prom = service(rendered, "prometheus")
    config_flag = [a for a in prom.get("command") or [] if a.startswith("--config.file=")]
    p.expect(len(config_flag) == 1, "prometheus needs exactly one --config.file")
    if config_flag:
        target = config_flag[0].split("=", 1)[1]
        source = mounts(prom).get(target)
        p.expect(source is not None and Path(source).resolve() == PROMETHEUS_YML.resolve(),
                 f"--config.file {target} must be {PROMETHEUS_YML} mounted into the container, got {source}")
    p.finish(f"{PROMETHEUS_YML}: job {job.get('job_name')} scrapes {APP_SERVICE}:{APP_CONTAINER_PORT}{METRICS_PATH}, "
             "basic_auth from files on the tmpfs the entrypoint fills from METRICS_USER/METRICS_PASSWORD, config mounted")


# ---------------------------------------------------------------------------
# Grafana provisioning
# ---------------------------------------------------------------------------
def check_grafana(rendered_path):
    rendered = load_yaml(rendered_path)
    graf = service(rendered, "grafana")
    graf_mounts = mounts(graf)
    p = Problems()
    sources = []
    for f in sorted(DATASOURCES_DIR.glob("*.y*ml")):
        sources += load_yaml(f).get("datasources") or []
    proms = [d for d in sources if d.get("type") == "prometheus"]
    if p.expect(len(proms) == 1, f"expected one provisioned prometheus data source, found {len(proms)}"):
        ds = proms[0]
        p.expect(ds.get("uid") == DATASOURCE_UID, f"data source uid must be {DATASOURCE_UID}, got {ds.get('uid')}")
        p.expect(ds.get("url") == "http://prometheus:9090", f"data source url must be the prometheus service, got {ds.get('url')}")
        p.expect(ds.get("access", "proxy") == "proxy", "the data source must be queried by Grafana's server (access proxy)")
    p.expect(bool(service(rendered, "prometheus")), "compose has no prometheus service")

    providers = []
    for f in sorted(DASHBOARD_PROVIDERS_DIR.glob("*.y*ml")):
        providers += load_yaml(f).get("providers") or []
    if p.expect(len(providers) == 1, f"expected one dashboard provider, found {len(providers)}"):
        path = (providers[0].get("options") or {}).get("path")
        source = graf_mounts.get(path)
        p.expect(source is not None and Path(source).resolve() == DASHBOARD_JSON.parent.resolve(),
                 f"the provider path {path} must be {DASHBOARD_JSON.parent} mounted into grafana, got {source}")
    source = graf_mounts.get("/etc/grafana/provisioning")
    p.expect(source is not None and Path(source).resolve() == (MONITORING / "grafana/provisioning").resolve(),
             "grafana must mount docker/monitoring/grafana/provisioning at /etc/grafana/provisioning")
    p.finish(f"data source uid {DATASOURCE_UID} -> http://prometheus:9090; dashboards provisioned from {DASHBOARD_JSON.parent}")


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------
def _blank(text, pattern):
    """Replaces every match with spaces, keeping positions."""
    return re.sub(pattern, lambda m: " " * len(m.group(0)), text)


def promql_metrics(expr):
    """Metric names in a PromQL expression, with their positions, plus the label names it uses."""
    labels = set()
    clean = _blank(expr, r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
    for m in re.finditer(r"\{([^}]*)\}", clean):
        labels |= set(re.findall(r"([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)", m.group(1)))
    clean = _blank(clean, r"\{[^}]*\}")
    clean = _blank(clean, r"\[[^\]]*\]")
    for m in LABEL_LIST.finditer(clean):
        labels |= {l.strip() for l in m.group(2).split(",") if l.strip()}
    clean = _blank(clean, LABEL_LIST.pattern)
    names = []
    for m in re.finditer(r"(?<![\w.$])([a-zA-Z_:][\w:]*)", clean):
        name = m.group(1)
        after = clean[m.end():].lstrip()
        if after.startswith("(") or name.lower() in PROMQL_KEYWORDS:
            continue  # a function, aggregation or keyword
        names.append((name, m.start()))
    return names, labels


def first_aggregation(expr, pos):
    """The aggregation operator whose argument list encloses position pos, innermost first."""
    depth_stack = []
    for i, ch in enumerate(expr[:pos]):
        if ch == "(":
            depth_stack.append(i)
        elif ch == ")" and depth_stack:
            depth_stack.pop()
    for open_at in reversed(depth_stack):
        m = AGGREGATION_BEFORE_PAREN.search(expr[:open_at])
        if m:
            return m.group(1)
    return None


def check_dashboard(path=DASHBOARD_JSON):
    p = Problems()
    try:
        with open(path, encoding="utf-8") as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        p.append(f"{path} does not parse as JSON: {e}")
        p.finish("")
    p.expect(dash.get("uid") == DASHBOARD_UID, f"dashboard uid must be {DASHBOARD_UID}, got {dash.get('uid')}")
    p.expect(isinstance(dash.get("title"), str) and dash["title"].strip(), "dashboard needs a title")
    p.expect(isinstance(dash.get("schemaVersion"), int) and dash["schemaVersion"] >= 36,
             f"schemaVersion must be a recent one (>= 36), got {dash.get('schemaVersion')}")
    p.expect(dash.get("id") is None, "a provisioned dashboard must not carry a database id")
    top = dash.get("panels")
    if not p.expect(isinstance(top, list) and top, "dashboard needs panels"):
        p.finish("")
    panels = []
    for panel in top:
        panels.append(panel)
        panels += panel.get("panels") or []  # panels inside collapsed rows
    ids = [panel.get("id") for panel in panels]
    p.expect(len(ids) == len(set(ids)) and None not in ids, f"panel ids must be present and unique: {ids}")

    used = set()
    queries = 0
    for panel in panels:
        title = panel.get("title") or f"panel {panel.get('id')}"
        if panel.get("type") == "row":
            continue
        p.expect(panel.get("datasource") == {"type": "prometheus", "uid": DATASOURCE_UID},
                 f"{title!r}: datasource must be {{type: prometheus, uid: {DATASOURCE_UID}}}, got {panel.get('datasource')}")
        p.expect(bool((panel.get("description") or "").strip()), f"{title!r}: needs a description")
        targets = panel.get("targets") or []
        p.expect(bool(targets), f"{title!r}: has no query")
        for t in targets:
            queries += 1
            where = f"{title!r} query {t.get('refId')}"
            ds = t.get("datasource")
            p.expect(ds is None or ds.get("uid") == DATASOURCE_UID, f"{where}: datasource uid must be {DATASOURCE_UID}, got {ds}")
            expr = t.get("expr") or ""
            if not p.expect(expr.strip(), f"{where}: empty expression"):
                continue
            p.expect(expr.count("(") == expr.count(")"), f"{where}: unbalanced parentheses in {expr}")
            names, labels = promql_metrics(expr)
            p.expect(bool(names), f"{where}: no metric name found in {expr}")
            for name, pos in names:
                if not p.expect(name in ALLOWED_METRICS, f"{where}: unknown metric {name!r} (allowed: {', '.join(sorted(ALLOWED_METRICS))})"):
                    continue
                used.add(name)
                if name in MECHANISM_METRICS:
                    agg = first_aggregation(expr, pos)
                    p.expect(agg == "max", f"{where}: {name} is read from the database, identical on every node: "
                                           f"combine nodes with max, not {agg or 'nothing'} ({expr})")
            known = set()
            for name, _ in names:
                known |= MECHANISM_METRICS.get(name, set())
            if names and all(n in MECHANISM_METRICS for n, _ in names):
                unknown = labels - known - TARGET_LABELS
                p.expect(not unknown, f"{where}: labels {sorted(unknown)} are not labels of {sorted({n for n, _ in names})}")
            if any(n in MECHANISM_METRICS for n, _ in names) and "$__range" in expr:
                p.expect(t.get("instant") is True, f"{where}: an increase over $__range must be an instant query")

    missing = set(MECHANISM_METRICS) - used
    p.expect(not missing, f"mechanism metrics without a panel: {sorted(missing)}")
    if p.expect(DOCS.exists(), f"{DOCS} is missing"):
        text = DOCS.read_text(encoding="utf-8")
        undocumented = sorted(m for m in ALLOWED_METRICS if f"`{m}`" not in text)
        p.expect(not undocumented, f"{DOCS} does not describe {undocumented}")
    p.finish(f"{path}: uid {DASHBOARD_UID}, {len(panels)} panels, {queries} queries on data source {DATASOURCE_UID}; "
             f"metrics only from the allow-list ({len(used)} used, all {len(MECHANISM_METRICS)} mechanism metrics shown, "
             f"each combined across nodes with max; all described in {DOCS})")


def main(argv):
    if len(argv) >= 2 and argv[0] == "prometheus":
        check_prometheus(argv[1])
    elif len(argv) >= 2 and argv[0] == "grafana":
        check_grafana(argv[1])
    elif argv and argv[0] == "dashboard":
        check_dashboard(Path(argv[1]) if len(argv) > 1 else DASHBOARD_JSON)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
