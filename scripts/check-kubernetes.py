#!/usr/bin/env python3
"""Asserts the shape that lets Renfort's pods survive the night, on the
rendered manifests of an overlay (what `kubectl apply -k` would send):

    kubectl kustomize deploy/kubernetes/overlays/production | scripts/check-kubernetes.py

Schema validity is kubernetes-validate's job; this checks the decisions:
hardened pods, probes that do not kill a busy replica, hashing memory
bounded by a CPU limit, migrations in a Job per release, the connection
budget, spreading, network policies, settings that roll the pods, and a
maintained ingress controller. Prints every failure, exits 1 on any.
"""

import math
import re
import sys

import yaml

IMAGE_UID = 10001  # the Dockerfile's numeric USER
HASH_MIB = 19  # argon2 memory of one hash (auth.hash_threads)
RESIDENT_MIB = 247  # an API replica with full caches (docs/drill/report.md)
RETIRED_CONTROLLERS = {"nginx"}  # ingress-nginx, retired

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def cpu_cores(quantity):
    quantity = str(quantity)
    return int(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


def mebibytes(quantity):
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
    match = re.fullmatch(r"(\d+)(Ki|Mi|Gi)", str(quantity))
    if not match:
        return None
    return int(match.group(1)) * units[match.group(2)]


def env_of(container, config):
    """The container's environment: its ConfigMaps, then its own `env`."""
    values = {}
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        if ref and ref["name"] in config:
            values.update(config[ref["name"]])
    for item in container.get("env", []):
        values[item["name"]] = item.get("value", "<from a secret>")
    return values


def pod_spec(doc):
    if doc["kind"] in ("Deployment", "Job"):
        return doc["spec"]["template"]["spec"]
    return None


docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
by_kind = {}
for d in docs:
    by_kind.setdefault(d["kind"], []).append(d)
config = {d["metadata"]["name"]: d.get("data", {}) for d in by_kind.get("ConfigMap", [])}


def one(kind, component):
    found = [
        d
        for d in by_kind.get(kind, [])
        if d["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component")
        == component
    ]
    check(len(found) == 1, f"expected one {kind} for the {component}, found {len(found)}")
    return found[0] if found else None


api = one("Deployment", "api")
worker = one("Deployment", "worker")
jobs = by_kind.get("Job", [])
check(len(jobs) == 1, f"expected one migration Job, found {len(jobs)}")
migrate = jobs[0] if jobs else None

# 1. Hardened pods, every one of them.
for d in filter(None, [api, worker, migrate]):
    name = d["metadata"]["name"]
    spec = pod_spec(d)
    pod = spec.get("securityContext", {})
    check(pod.get("runAsNonRoot") is True, f"{name}: runAsNonRoot must be true")
    check(pod.get("runAsUser") == IMAGE_UID, f"{name}: runAsUser must be the image's {IMAGE_UID}")
    check(pod.get("runAsGroup") == IMAGE_UID, f"{name}: runAsGroup must be {IMAGE_UID}")
    check(
        pod.get("seccompProfile", {}).get("type") == "RuntimeDefault",
        f"{name}: seccompProfile must be RuntimeDefault",
    )
    check(spec.get("automountServiceAccountToken") is False, f"{name}: no service account token")
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec["containers"]:
        sc = c.get("securityContext", {})
        where = f"{name}/{c['name']}"
        check(sc.get("readOnlyRootFilesystem") is True, f"{where}: readOnlyRootFilesystem")
        check(sc.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation false")
        check(sc.get("capabilities", {}).get("drop") == ["ALL"], f"{where}: capabilities drop ALL")
        for m in c.get("volumeMounts", []):
            volume = volumes.get(m["name"], {})
            check(
                "emptyDir" in volume or ("secret" in volume and m.get("readOnly") is True),
                f"{where}: mount {m['mountPath']} must be an emptyDir or a read-only Secret",
            )
        limits = c.get("resources", {}).get("limits", {})
        check("cpu" in limits and "memory" in limits, f"{where}: CPU and memory limits")

# 2. Probes: startup, liveness that never waits, readiness.
for d in filter(None, [api, worker]):
    name = d["metadata"]["name"]
    c = pod_spec(d)["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    check("startupProbe" in c, f"{name}: a startupProbe (start-up waits for the migration)")
    live = c.get("livenessProbe", {}).get("httpGet", {})
    check(live.get("path") == "/health/live", f"{name}: liveness on /health/live")
    check(
        live.get("port") == "metrics" and "metrics" in ports,
        f"{name}: liveness on the internal listener (its own thread, not behind the API's queue)",
    )
    check(
        c.get("livenessProbe", {}).get("timeoutSeconds", 1) >= 3,
        f"{name}: liveness timeout of 3 s or more (a saturated CPU answers late, not never)",
    )
if api:
    c = pod_spec(api)["containers"][0]
    ready = c.get("readinessProbe", {}).get("httpGet", {})
    check(ready.get("path") == "/health/ready", "api: readiness on /health/ready")

# 3. Hashing threads and memory bounded by the CPU quota.
if api:
    c = pod_spec(api)["containers"][0]
    env = env_of(c, config)
    limits = c.get("resources", {}).get("limits", {})
    threads = int(env.get("RENFORT_AUTH__HASH_THREADS", "0"))
    if threads == 0 and "cpu" in limits:
        threads = math.ceil(cpu_cores(limits["cpu"]))
    check(threads > 0, "api: a CPU limit (or auth.hash_threads) bounds the hashing threads")
    memory = mebibytes(limits.get("memory", ""))
    need = RESIDENT_MIB + threads * HASH_MIB
    check(
        memory is not None and memory >= need * 1.5,
        f"api: memory limit {limits.get('memory')} below 1.5 × ({RESIDENT_MIB} MiB resident "
        f"+ {threads} hashing threads × {HASH_MIB} MiB) = {need * 1.5:.0f} MiB",
    )

# 4. Migrations: only in the release's Job.
for d in filter(None, [api, worker]):
    env = env_of(pod_spec(d)["containers"][0], config)
    check(
        env.get("RENFORT_DATABASE__MIGRATE_ON_START") == "false",
        f"{d['metadata']['name']}: database.migrate_on_start must be false (the Job migrates)",
    )
    check(pod_spec(d)["containers"][0]["args"] != ["migrate"], "only the Job runs `migrate`")
if migrate:
    c = pod_spec(migrate)["containers"][0]
    check(c["args"] == ["migrate"], "the Job runs `renfort migrate`")
    tag = c["image"].rsplit(":", 1)[-1]
    check(
        migrate["metadata"]["name"].endswith(tag),
        f"the migration Job's name ({migrate['metadata']['name']}) must carry the release ({tag})",
    )

# 5. The connection budget.
hpas = [h for h in by_kind.get("HorizontalPodAutoscaler", []) if api and h["spec"]["scaleTargetRef"]["name"] == api["metadata"]["name"]]
check(len(hpas) == 1, "one HorizontalPodAutoscaler scales the API")
if hpas and api and worker:
    hpa = hpas[0]
    notes = hpa["metadata"].get("annotations", {})
    available = int(notes.get("renfort/postgres-max-connections", "0"))
    margin = int(notes.get("renfort/connection-margin", "0"))
    check(available > 0, "the HPA names the connections available (renfort/postgres-max-connections)")
    api_pool = int(env_of(pod_spec(api)["containers"][0], config).get("RENFORT_DATABASE__MAX_CONNECTIONS", "16"))
    worker_pool = int(env_of(pod_spec(worker)["containers"][0], config).get("RENFORT_DATABASE__MAX_CONNECTIONS", "16"))
    workers = worker["spec"].get("replicas", 1)
    total = hpa["spec"]["maxReplicas"] * api_pool + workers * worker_pool + 1 + margin
    print(
        f"connection budget: {hpa['spec']['maxReplicas']} API replicas × {api_pool} + {workers} workers × "
        f"{worker_pool} + 1 migration + {margin} margin = {total} of {available}"
    )
    check(total <= available, f"connection budget exceeded: {total} > {available}")
    check(
        api["spec"].get("replicas", 1) >= 2 and hpa["spec"]["minReplicas"] >= 2,
        "at least two API replicas at all times",
    )

# 6. Spread, disruption budget, network policies.
for d in filter(None, [api, worker]):
    keys = {t["topologyKey"] for t in pod_spec(d).get("topologySpreadConstraints", [])}
    check("kubernetes.io/hostname" in keys, f"{d['metadata']['name']}: spread over nodes")
check(len(by_kind.get("PodDisruptionBudget", [])) >= 1, "a PodDisruptionBudget for the API")
policies = by_kind.get("NetworkPolicy", [])
covered = {p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") for p in policies}
for component in ("api", "worker", "migrate"):
    check(component in covered, f"a NetworkPolicy selects the {component} pods")
for p in policies:
    for rule in p["spec"].get("ingress", []):
        check(rule.get("from"), f"{p['metadata']['name']}: every ingress rule names who may connect")
        for port in rule.get("ports", []):
            sources = {
                f.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
                for f in rule["from"]
            }
            if port["port"] == "metrics":
                check(sources == {"monitoring"}, f"{p['metadata']['name']}: metrics from monitoring only")

# 7. Settings roll the pods: generated ConfigMaps (a hash in the name).
for name in config:
    check(re.search(r"-[a-z0-9]{10}$", name), f"ConfigMap {name} is not generated (configMapGenerator)")

# 8. A maintained ingress controller.
for ing in by_kind.get("Ingress", []):
    cls = ing["spec"].get("ingressClassName", "")
    check(cls and cls not in RETIRED_CONTROLLERS, f"Ingress {ing['metadata']['name']}: class `{cls}` is retired or unset")
    notes = ing["metadata"].get("annotations", {}) or {}
    check(
        not any(k.startswith("nginx.ingress.kubernetes.io/") for k in notes),
        f"Ingress {ing['metadata']['name']}: ingress-nginx annotations left",
    )

if failures:
    for f in failures:
        print(f"FAIL {f}")
    sys.exit(1)
print(f"Kubernetes shape: all checks passed on {len(docs)} objects")
