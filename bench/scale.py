"""Scale benchmark: exact and approximate vector search, and keyword search, on synthetic corpora.

    .venv/bin/python bench/scale.py [--sizes 10k,100k,1M] [--keyword-sizes 10k,100k] [--real-docs 50000]
                                    [--queries 200] [--hnsw-max-n 100k] [--json bench/scale-results.json]

Prints one table and writes the same rows as JSON. Four parts:

1. random: seeded random unit vectors (dimension 512, as the default encoder) at each size: build time, index
   bytes (serialised), process RSS delta and peak during the build, and single-query latency (median, p95) at
   1 and 2 FAISS threads for IndexFlatIP (exact), IndexHNSWFlat (M=32, efConstruction=80, several efSearch)
   and IndexIVFFlat (nlist = 4 sqrt(N), several nprobe), with recall@10 against the exact index on the same
   vectors. Random vectors in 512 dimensions have almost no neighbourhood structure: their recall is a worst
   case, and HNSW builds on them are much slower than on real embeddings (HNSW above --hnsw-max-n is skipped:
   1M takes over 15 minutes to build on 2 cores).
2. real: generated Spanish/English prevention passages embedded with the project's encoder (use-multilingual,
   cached in /tmp), queries are held-out generated sentences and query-like phrases: recall@10 of the same
   HNSW and IVF settings against exact, at a 10k subset and at the whole set.
3. keyword: SQLite FTS5 over the same kind of generated text, indexed as the project does (folded, stemmed
   terms), queried as the project does (OR of 5-10 quoted terms, ORDER BY bm25 LIMIT 100).
4. a recommendation: up to which N the exact index meets 15 ms (median, 1 thread), and the approximate settings
   that reach recall@10 >= 0.95 (on real embeddings) with the lowest median latency at 100k and 1M.

IVF is trained with spherical k-means in numpy (10 iterations on at most 40 vectors per list) and filled with
precomputed assignments (faiss.contrib.ivf_tools.add_preassigned): on this machine FAISS's bundled OpenBLAS
runs its matrix products about 3x slower than numpy's, which would put a 1M IVF build alone over 8 minutes.
`--ivf-train faiss` uses FAISS's own train() and add() instead. Times are time.perf_counter; everything is seeded.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import faiss  # noqa: E402
from faiss.contrib.ivf_tools import add_preassigned  # noqa: E402

DIM = 512
K = 10
TARGET_MS = 15.0
TARGET_RECALL = 0.95
HEADROOM_RECALL = 0.99
HNSW_M = 32
HNSW_EFC = 80
EF_SEARCH = (16, 32, 64, 128, 256, 512)
NPROBE = (1, 4, 8, 16, 32, 64, 128, 256, 512)
CACHE = Path(tempfile.gettempdir()) / "kb-scale-cache"


# --------------------------------------------------------------------------------------------- measuring

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"median_ms": statistics.median(ms), "p95_ms": pct(ms, 95), "n": len(ms)}


def proc_status(field: str) -> int:
    """A field of /proc/self/status in bytes (VmRSS: resident now, VmHWM: peak since the last reset)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
        return True
    except OSError:
        return False


class Memory:
    """RSS before and after a build, and the peak RSS above the start during it."""

    def __enter__(self):
        gc.collect()
        self.can_peak = reset_peak()
        self.start = proc_status("VmRSS")
        return self

    def __exit__(self, *exc):
        self.delta = proc_status("VmRSS") - self.start
        self.peak = proc_status("VmHWM") - self.start if self.can_peak else None


def cpu_ticks() -> tuple[int, int]:
    """Busy clock ticks of the whole machine and of this process (utime + stime of every thread)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    busy = sum(v) - v[3] - v[4]  # all but idle and iowait
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return busy, int(fields[11]) + int(fields[12])


class Others:
    """The average number of cores other processes kept busy during a block: the machine is shared, and a
    benchmark running beside another one measures both."""

    def __enter__(self):
        self.t0, self.ticks0 = time.perf_counter(), cpu_ticks()
        return self

    def __exit__(self, *exc):
        busy, own = cpu_ticks()
        seconds = time.perf_counter() - self.t0
        hz = os.sysconf("SC_CLK_TCK")
        self.cores = max(0.0, ((busy - self.ticks0[0]) - (own - self.ticks0[1])) / hz / max(seconds, 1e-9))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    mem = proc_meminfo("MemTotal")
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem / 2**30, 1),
            "python": platform.python_version(), "faiss": faiss.__version__, "numpy": np.__version__,
            "sqlite": sqlite3.sqlite_version}


def proc_meminfo(field: str) -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- vectors

def unit_vectors(seed: int, n: int, d: int = DIM, chunk: int = 100_000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, d), dtype=np.float32)
    for i in range(0, n, chunk):
        block = rng.standard_normal((min(chunk, n - i), d), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[i:i + len(block)] = block
    return out


def index_bytes(index) -> int:
    return int(faiss.serialize_index(index).nbytes)


def assign(x: np.ndarray, centroids: np.ndarray, block: int = 8192) -> np.ndarray:
    """The nearest centroid (largest inner product) of each row, with numpy's BLAS."""
    out = np.empty(len(x), dtype=np.int64)
    for i in range(0, len(x), block):
        out[i:i + block] = np.argmax(x[i:i + block] @ centroids.T, axis=1)
    return out


def spherical_kmeans(x: np.ndarray, k: int, niter: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(niter):
        a = assign(x, c)
        order = np.argsort(a, kind="stable")
        used, starts = np.unique(a[order], return_index=True)
        sums = np.add.reduceat(x[order], starts, axis=0)
        c[used] = sums
        empty = np.setdiff1d(np.arange(k), used)
        if len(empty):
            c[empty] = x[rng.choice(len(x), len(empty), replace=False)]
        c /= np.maximum(np.linalg.norm(c, axis=1, keepdims=True), 1e-12)
    return c


def nlist_for(n: int) -> int:
    return max(1, int(round(4 * math.sqrt(n))))


def build_flat(x: np.ndarray):
    index = faiss.IndexFlatIP(x.shape[1])
    index.add(x)
    return index


def build_hnsw(x: np.ndarray, m: int = HNSW_M, efc: int | None = None):
    index = faiss.IndexHNSWFlat(x.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = efc or HNSW_EFC
    index.add(x)
    return index


def build_ivf(x: np.ndarray, nlist: int, how: str, seed: int):
    quantizer = faiss.IndexFlatIP(x.shape[1])
    index = faiss.IndexIVFFlat(quantizer, x.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample_n = min(len(x), 40 * nlist)
    sample = x[np.sort(rng.choice(len(x), sample_n, replace=False))] if sample_n < len(x) else x
    if how == "faiss":
        index.cp.niter = 10
        index.cp.max_points_per_centroid = 40
        index.cp.seed = seed
        index.train(sample)
        index.add(x)
    else:
        centroids = spherical_kmeans(sample, nlist, 10, seed)
        quantizer.add(centroids)
        index.is_trained = True
        add_preassigned(index, x, assign(x, centroids))
    return index


def run_queries(index, q: np.ndarray, threads: int, warm: int = 10) -> tuple[dict, np.ndarray]:
    """Single-query latency over every row of q (one search call per query), and the ids found."""
    faiss.omp_set_num_threads(threads)
    for i in range(min(warm, len(q))):
        index.search(q[i:i + 1], K)
    ids = np.empty((len(q), K), dtype=np.int64)
    ms = []
    for i in range(len(q)):
        t0 = time.perf_counter()
        _, found = index.search(q[i:i + 1], K)
        ms.append((time.perf_counter() - t0) * 1000)
        ids[i] = found[0]
    return summary(ms), ids


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f[f >= 0]) & set(t)) / K for f, t in zip(found, truth)]))


def sweep(index, family: str, q: np.ndarray, truth: np.ndarray, threads: tuple[int, ...],
          latency: bool = True) -> list[dict]:
    """One row per search setting: latency at each thread count and recall@10 against ``truth``."""
    rows = []
    values = EF_SEARCH if family == "hnsw" else NPROBE
    for v in values:
        if family == "hnsw":
            index.hnsw.efSearch = v
            setting = f"efSearch={v}"
        else:
            if v > index.nlist:
                continue
            index.nprobe = v
            setting = f"nprobe={v}"
        row = {"setting": setting, "param": v}
        if latency:
            for t in threads:
                lat, ids = run_queries(index, q, t)
                row[f"threads_{t}"] = lat
                if t == threads[0]:
                    row["recall_at_10"] = recall_at_k(ids, truth)
        else:
            faiss.omp_set_num_threads(2)
            _, ids = index.search(q, K)
            row["recall_at_10"] = recall_at_k(ids, truth)
        rows.append(row)
    return rows


def vector_part(n: int, args, seed: int) -> list[dict]:
    threads = (1, 2)
    log(f"random vectors: N={label(n)}")
    x = unit_vectors(seed, n)
    q = unit_vectors(seed + 1_000_003, args.queries)
    rows = []

    faiss.omp_set_num_threads(2)
    with Memory() as mem:
        t0 = time.perf_counter()
        flat = build_flat(x)
        build_s = time.perf_counter() - t0
    _, truth = flat.search(q, K)  # batched ground truth (same results as one by one)
    row = {"part": "random", "n": n, "index": "IndexFlatIP", "setting": "exact", "build_s": build_s,
           "index_bytes": index_bytes(flat), "rss_delta_bytes": mem.delta, "rss_peak_bytes": mem.peak}
    for t in threads:
        lat, ids = run_queries(flat, q, t)
        row[f"threads_{t}"] = lat
    row["recall_at_10"] = recall_at_k(ids, truth)
    rows.append(row)
    del flat
    log(f"  exact: {rows[-1]['threads_1']['median_ms']:.2f} ms")

    if n <= args.hnsw_max_n:
        faiss.omp_set_num_threads(2)
        with Memory() as mem:
            t0 = time.perf_counter()
            hnsw = build_hnsw(x)
            build_s = time.perf_counter() - t0
        log(f"  hnsw built in {build_s:.1f} s")
        common = {"part": "random", "n": n, "index": f"IndexHNSWFlat M={HNSW_M} efC={HNSW_EFC}",
                  "build_s": build_s, "index_bytes": index_bytes(hnsw), "rss_delta_bytes": mem.delta,
                  "rss_peak_bytes": mem.peak}
        rows += [{**common, **r} for r in sweep(hnsw, "hnsw", q, truth, threads)]
        del hnsw
    else:
        rows.append({"part": "random", "n": n, "index": f"IndexHNSWFlat M={HNSW_M} efC={HNSW_EFC}",
                     "setting": f"not built (N > --hnsw-max-n {label(args.hnsw_max_n)})", "skipped": True})

    nlist = nlist_for(n)
    faiss.omp_set_num_threads(2)
    with Memory() as mem:
        t0 = time.perf_counter()
        ivf = build_ivf(x, nlist, args.ivf_train, seed)
        build_s = time.perf_counter() - t0
    log(f"  ivf built in {build_s:.1f} s")
    common = {"part": "random", "n": n, "index": f"IndexIVFFlat nlist={nlist}", "build_s": build_s,
              "index_bytes": index_bytes(ivf), "rss_delta_bytes": mem.delta, "rss_peak_bytes": mem.peak}
    rows += [{**common, **r} for r in sweep(ivf, "ivf", q, truth, threads)]
    del ivf, x
    gc.collect()
    return rows


# --------------------------------------------------------------------------------------------- text

CITIES = {
    "es": ["Mixco", "Villa Nueva", "Ciudad de Guatemala", "Quetzaltenango", "Escuintla", "Chinautla",
           "Medellín", "Bogotá", "Cali", "Barranquilla", "Manizales", "Rosario", "Buenos Aires", "Córdoba",
           "Mendoza", "San Salvador", "Santa Tecla", "Tegucigalpa", "San Pedro Sula", "Managua", "San José",
           "Ciudad de Panamá", "Barcelona", "Madrid", "Ciudad Juárez", "Monterrey", "Cobán", "Huehuetenango"],
    "en": ["Glasgow", "London", "Manchester", "Cardiff", "Rotterdam", "Amsterdam", "Lyon", "Malmö",
           "Stockholm", "Berlin", "Lisbon", "Dublin", "Boston", "Chicago", "Oakland", "Belfast", "Copenhagen",
           "Antwerp", "Bristol", "Leeds"],
}

# theme -> language -> slot -> words; the Spanish and English lists say the same things
THEMES = {
    "homicide": {
        "es": {"problem": ["los homicidios con armas de fuego", "las muertes violentas", "los ataques armados",
                           "la portación ilegal de armas", "los homicidios de jóvenes"],
               "action": ["un programa de desarme voluntario", "controles de portación de armas",
                          "la restricción del porte de armas los fines de semana", "mesas de seguridad barriales",
                          "un plan focalizado en puntos calientes"],
               "group": ["hombres jóvenes", "víctimas de violencia armada", "familias de víctimas"],
               "setting": ["las calles principales", "los mercados", "las paradas de autobús"],
               "metric": ["la tasa de homicidios", "las lesiones por arma de fuego", "las muertes violentas"]},
        "en": {"problem": ["gun homicides", "violent deaths", "shootings", "illegal carrying of firearms",
                           "homicides of young men"],
               "action": ["a voluntary gun surrender programme", "stop and search for weapons",
                          "a weekend ban on carrying guns", "neighbourhood safety councils",
                          "a hot spot policing plan"],
               "group": ["young men", "victims of gun violence", "families of victims"],
               "setting": ["main streets", "markets", "bus stops"],
               "metric": ["the homicide rate", "gunshot injuries", "violent deaths"]},
    },
    "gangs": {
        "es": {"problem": ["la violencia de pandillas", "el reclutamiento de adolescentes por las maras",
                           "las riñas entre grupos juveniles", "la violencia juvenil"],
               "action": ["un programa de mentoría para jóvenes en riesgo", "la intervención focalizada disuasiva",
                          "talleres de oficios y empleo juvenil", "la mediación entre grupos rivales",
                          "terapia cognitivo-conductual para adolescentes"],
               "group": ["jóvenes en riesgo", "adolescentes fuera de la escuela", "miembros de pandillas"],
               "setting": ["las canchas deportivas", "los alrededores de las escuelas", "los asentamientos"],
               "metric": ["los arrestos por violencia", "la deserción escolar", "las lesiones entre jóvenes"]},
        "en": {"problem": ["gang violence", "recruitment of teenagers by gangs", "fights between youth groups",
                           "youth violence"],
               "action": ["a mentoring programme for youth at risk", "focused deterrence",
                          "vocational training and youth jobs", "mediation between rival groups",
                          "cognitive behavioural therapy for teenagers"],
               "group": ["youth at risk", "teenagers out of school", "gang members"],
               "setting": ["sports fields", "school surroundings", "informal settlements"],
               "metric": ["violent arrests", "school dropout", "injuries among young people"]},
    },
    "women": {
        "es": {"problem": ["la violencia contra las mujeres", "el acoso sexual en el transporte",
                           "los femicidios", "la violencia de género"],
               "action": ["una línea telefónica de denuncia", "refugios para mujeres sobrevivientes",
                          "juzgados especializados", "campañas contra el acoso callejero",
                          "grupos de hombres por la igualdad"],
               "group": ["mujeres sobrevivientes", "niñas y adolescentes", "usuarias del transporte público"],
               "setting": ["los autobuses", "los hogares", "los espacios públicos"],
               "metric": ["las denuncias de violencia de género", "la reincidencia de agresores",
                          "la percepción de seguridad de las mujeres"]},
        "en": {"problem": ["violence against women", "sexual harassment on public transport", "femicides",
                           "gender-based violence"],
               "action": ["a reporting hotline", "shelters for women survivors", "specialised courts",
                          "campaigns against street harassment", "men's groups for gender equality"],
               "group": ["women survivors", "girls and young women", "public transport users"],
               "setting": ["buses", "homes", "public spaces"],
               "metric": ["reports of gender violence", "reoffending by perpetrators",
                          "women's perceived safety"]},
    },
    "family": {
        "es": {"problem": ["la violencia intrafamiliar", "el maltrato infantil", "el castigo físico",
                           "el abuso sexual infantil"],
               "action": ["visitas domiciliarias a familias", "un programa de crianza positiva",
                          "atención psicosocial a víctimas", "escuelas para padres"],
               "group": ["madres y padres jóvenes", "niñas y niños", "familias en pobreza"],
               "setting": ["los hogares", "los centros de salud", "las guarderías"],
               "metric": ["los casos de maltrato", "las denuncias de violencia intrafamiliar",
                          "el bienestar infantil"]},
        "en": {"problem": ["domestic violence", "child abuse", "physical punishment", "child sexual abuse"],
               "action": ["home visits to families", "a positive parenting programme",
                          "psychosocial support for victims", "parenting classes"],
               "group": ["young parents", "children", "low-income families"],
               "setting": ["homes", "health centres", "nurseries"],
               "metric": ["abuse cases", "domestic violence reports", "child wellbeing"]},
    },
    "alcohol": {
        "es": {"problem": ["la violencia asociada al alcohol", "las riñas en bares", "el consumo de alcohol",
                           "la violencia nocturna"],
               "action": ["la restricción horaria de venta de alcohol", "la ley seca nocturna",
                          "la capacitación del personal de bares", "controles de alcoholemia"],
               "group": ["jóvenes que salen de noche", "dueños de bares", "conductores"],
               "setting": ["los bares", "las discotecas", "las zonas de vida nocturna"],
               "metric": ["las lesiones nocturnas", "los homicidios en horario nocturno", "los accidentes"]},
        "en": {"problem": ["alcohol-related violence", "bar fights", "alcohol use", "night-time violence"],
               "action": ["restricted hours for alcohol sales", "a night-time alcohol ban",
                          "training for bar staff", "breath testing of drivers"],
               "group": ["young people on a night out", "bar owners", "drivers"],
               "setting": ["bars", "nightclubs", "nightlife districts"],
               "metric": ["night-time injuries", "night-time homicides", "crashes"]},
    },
    "roads": {
        "es": {"problem": ["las muertes en el tránsito", "el exceso de velocidad", "los atropellos",
                           "la conducción bajo efectos del alcohol"],
               "action": ["cámaras de velocidad", "reductores de velocidad", "cruces peatonales seguros",
                          "campañas de seguridad vial"],
               "group": ["peatones", "motociclistas", "escolares"],
               "setting": ["las avenidas", "las carreteras", "los cruces escolares"],
               "metric": ["las muertes viales", "los atropellos", "la velocidad media"]},
        "en": {"problem": ["road deaths", "speeding", "pedestrian collisions", "drink driving"],
               "action": ["speed cameras", "speed bumps", "safe pedestrian crossings", "road safety campaigns"],
               "group": ["pedestrians", "motorcyclists", "schoolchildren"],
               "setting": ["avenues", "highways", "school crossings"],
               "metric": ["road deaths", "pedestrian collisions", "average speed"]},
    },
    "urban": {
        "es": {"problem": ["el deterioro urbano", "los robos en espacios abandonados", "la inseguridad en parques",
                           "el miedo al delito"],
               "action": ["la recuperación de espacios públicos", "mejor alumbrado público",
                          "un proyecto urbano integral", "la limpieza de terrenos baldíos"],
               "group": ["vecinos", "comerciantes", "niñas, niños y personas mayores"],
               "setting": ["los parques", "los terrenos baldíos", "las calles oscuras"],
               "metric": ["los robos", "el miedo al delito", "el uso de los parques"]},
        "en": {"problem": ["urban decay", "robberies in abandoned places", "insecurity in parks", "fear of crime"],
               "action": ["the recovery of public spaces", "better street lighting",
                          "an integrated urban project", "greening of vacant lots"],
               "group": ["residents", "shopkeepers", "children and older people"],
               "setting": ["parks", "vacant lots", "dark streets"],
               "metric": ["robberies", "fear of crime", "use of parks"]},
    },
    "policing": {
        "es": {"problem": ["la desconfianza en la policía", "los delitos en los barrios", "los robos a personas",
                           "la inseguridad en los barrios"],
               "action": ["la policía comunitaria por cuadrantes", "el patrullaje en puntos calientes",
                          "reuniones entre policía y vecinos", "la policía de proximidad"],
               "group": ["vecinos", "agentes de policía", "líderes comunitarios"],
               "setting": ["los barrios", "los cuadrantes", "las colonias"],
               "metric": ["la confianza en la policía", "los robos", "las llamadas de emergencia"]},
        "en": {"problem": ["distrust of the police", "neighbourhood crime", "street robbery",
                           "insecurity in neighbourhoods"],
               "action": ["community policing by beats", "hot spot patrols", "police and resident meetings",
                          "neighbourhood policing"],
               "group": ["residents", "police officers", "community leaders"],
               "setting": ["neighbourhoods", "police beats", "estates"],
               "metric": ["trust in the police", "robberies", "emergency calls"]},
    },
    "schools": {
        "es": {"problem": ["el acoso escolar", "la violencia en las escuelas", "la deserción escolar",
                           "las peleas entre estudiantes"],
               "action": ["un programa de convivencia escolar", "la mediación entre pares",
                          "la jornada escolar extendida", "el aprendizaje socioemocional"],
               "group": ["estudiantes", "docentes", "orientadores escolares"],
               "setting": ["las escuelas", "los institutos", "los patios escolares"],
               "metric": ["los casos de acoso", "la asistencia escolar", "las suspensiones"]},
        "en": {"problem": ["bullying", "violence in schools", "school dropout", "fights between pupils"],
               "action": ["a school coexistence programme", "peer mediation", "an extended school day",
                          "social and emotional learning"],
               "group": ["pupils", "teachers", "school counsellors"],
               "setting": ["schools", "secondary schools", "playgrounds"],
               "metric": ["bullying cases", "school attendance", "exclusions"]},
    },
    "extortion": {
        "es": {"problem": ["la extorsión", "los robos a comercios", "el cobro de renta a transportistas",
                           "el robo de celulares"],
               "action": ["una unidad contra la extorsión", "el bloqueo de señales en cárceles",
                          "alertas entre comerciantes", "denuncias anónimas en línea"],
               "group": ["comerciantes", "transportistas", "pequeñas empresas"],
               "setting": ["los mercados", "las rutas de autobús", "los comercios"],
               "metric": ["las denuncias de extorsión", "los robos a comercios", "los cierres de negocios"]},
        "en": {"problem": ["extortion", "shop robberies", "protection payments from transport workers",
                           "phone theft"],
               "action": ["an anti-extortion unit", "signal blocking in prisons", "alerts between shopkeepers",
                          "anonymous online reporting"],
               "group": ["shopkeepers", "transport workers", "small businesses"],
               "setting": ["markets", "bus routes", "shops"],
               "metric": ["extortion reports", "shop robberies", "business closures"]},
    },
    "reentry": {
        "es": {"problem": ["la reincidencia delictiva", "la exclusión de personas liberadas",
                           "la violencia en las cárceles"],
               "action": ["un programa de reinserción laboral", "el acompañamiento tras la liberación",
                          "la justicia restaurativa", "la educación en prisión"],
               "group": ["personas privadas de libertad", "exreclusos", "jóvenes en conflicto con la ley"],
               "setting": ["las cárceles", "los centros juveniles", "los talleres"],
               "metric": ["la reincidencia", "el empleo tras la liberación", "los incidentes en prisión"]},
        "en": {"problem": ["reoffending", "exclusion of released prisoners", "violence in prisons"],
               "action": ["a job reintegration programme", "support after release", "restorative justice",
                          "education in prison"],
               "group": ["prisoners", "former offenders", "young offenders"],
               "setting": ["prisons", "youth centres", "workshops"],
               "metric": ["reoffending", "employment after release", "prison incidents"]},
    },
    "drugs": {
        "es": {"problem": ["el consumo de drogas", "el microtráfico", "el consumo de drogas en adolescentes"],
               "action": ["la prevención del consumo en las escuelas", "centros de tratamiento comunitario",
                          "la reducción de daños", "actividades culturales y deportivas"],
               "group": ["adolescentes", "usuarios de drogas", "familias"],
               "setting": ["las escuelas", "las plazas", "los centros comunitarios"],
               "metric": ["el consumo declarado", "las sobredosis", "la venta de drogas"]},
        "en": {"problem": ["drug use", "street drug dealing", "drug use among teenagers"],
               "action": ["school-based drug prevention", "community treatment centres", "harm reduction",
                          "cultural and sports activities"],
               "group": ["teenagers", "drug users", "families"],
               "setting": ["schools", "squares", "community centres"],
               "metric": ["self-reported drug use", "overdoses", "drug dealing"]},
    },
    "governance": {
        "es": {"problem": ["la falta de datos sobre el delito", "la descoordinación institucional",
                           "la debilidad de los planes municipales"],
               "action": ["un observatorio municipal del delito", "una comisión municipal de prevención",
                          "un plan local de seguridad ciudadana", "encuestas de victimización"],
               "group": ["autoridades municipales", "técnicos municipales", "consejos comunitarios"],
               "setting": ["las municipalidades", "los consejos de desarrollo", "las mesas técnicas"],
               "metric": ["la calidad de los datos", "el cumplimiento del plan", "la victimización"]},
        "en": {"problem": ["lack of crime data", "poor coordination between agencies", "weak local plans"],
               "action": ["a municipal crime observatory", "a local prevention commission",
                          "a local community safety plan", "victimisation surveys"],
               "group": ["local authorities", "municipal staff", "community councils"],
               "setting": ["city halls", "development councils", "working groups"],
               "metric": ["data quality", "plan delivery", "victimisation"]},
    },
}

GENERIC = {
    "es": {"actor": ["la municipalidad", "el ministerio de gobernación", "la policía nacional civil",
                     "una organización no gubernamental", "la universidad local", "el consejo comunitario",
                     "la alcaldía", "la secretaría de seguridad"],
           "method": ["una evaluación cuasi-experimental", "un ensayo aleatorio", "una comparación con barrios "
                      "similares", "datos administrativos", "una encuesta de hogares", "entrevistas con vecinos"],
           "time": ["los fines de semana", "por la noche", "en horario escolar", "durante las fiestas",
                    "en la madrugada", "los días de pago"],
           "staff": ["promotores comunitarios", "agentes de policía", "docentes", "psicólogos", "trabajadores sociales"],
           "lesson": ["la coordinación entre instituciones fue decisiva", "sin datos locales no hay focalización",
                      "la participación de los vecinos sostuvo el programa", "el financiamiento estable importa",
                      "conviene empezar en pocos barrios y medir"]},
    "en": {"actor": ["the city council", "the interior ministry", "the national police", "a non-profit organisation",
                     "the local university", "a community council", "the mayor's office", "the public health agency"],
           "method": ["a quasi-experimental evaluation", "a randomised trial", "a comparison with similar areas",
                      "administrative data", "a household survey", "interviews with residents"],
           "time": ["at weekends", "at night", "during school hours", "during festivals", "in the early hours",
                    "on paydays"],
           "staff": ["community workers", "police officers", "teachers", "psychologists", "social workers"],
           "lesson": ["coordination between agencies was decisive", "without local data there is no targeting",
                      "resident involvement kept the programme going", "stable funding matters",
                      "it pays to start in a few areas and measure"]},
}

TEMPLATES = {
    "es": [
        "En {city}, {actor} puso en marcha {action} para reducir {problem} entre {group}.",
        "El programa se aplicó entre {year} y {year2} en {n} barrios con altos niveles de {problem}.",
        "Según {method}, {action} redujo {metric} en un {pct} por ciento {time}.",
        "La mayor parte de {problem} ocurría {time} cerca de {setting}.",
        "{method_cap} no encontró efectos sobre {metric}, aunque mejoró {metric2}.",
        "Se capacitó a {n} {staff} para trabajar con {group} en {setting}.",
        "El costo anual fue de {money} dólares por participante, financiado por {actor}.",
        "Una lección para los municipios de Guatemala: {lesson}.",
        "Antes de la intervención, {metric} había crecido un {pct} por ciento en {city}.",
        "{action_cap} se combinó con {action2} en {setting}.",
        "Los equipos de {actor} visitaron {setting} {time} y registraron {problem}.",
        "Tras {years} años, {metric} bajó en los barrios atendidos y no se desplazó a los vecinos.",
        "La evidencia sobre {action} es prometedora, pero {method} tuvo limitaciones.",
        "{group_cap} participaron en el diseño de {action} junto con {actor}.",
        "El plan municipal de prevención incluyó {action} como eje principal contra {problem}.",
    ],
    "en": [
        "In {city}, {actor} launched {action} to reduce {problem} among {group}.",
        "The programme ran from {year} to {year2} in {n} neighbourhoods with high levels of {problem}.",
        "According to {method}, {action} cut {metric} by {pct} per cent {time}.",
        "Most {problem} happened {time} near {setting}.",
        "{method_cap} found no effect on {metric}, although {metric2} improved.",
        "{n} {staff} were trained to work with {group} in {setting}.",
        "The yearly cost was {money} dollars per participant, paid by {actor}.",
        "A lesson for Guatemala's municipalities: {lesson}.",
        "Before the intervention, {metric} had risen by {pct} per cent in {city}.",
        "{action_cap} was combined with {action2} in {setting}.",
        "Teams from {actor} visited {setting} {time} and recorded {problem}.",
        "After {years} years, {metric} fell in the treated areas and did not move to nearby ones.",
        "The evidence on {action} is promising, but {method} had limitations.",
        "{group_cap} took part in designing {action} together with {actor}.",
        "The local prevention plan made {action} its main line against {problem}.",
    ],
}

QUERY_TEMPLATES = {
    "es": ["{problem} {time}", "{action} para {group}", "qué hicieron otras ciudades contra {problem}",
           "{problem} en {setting}", "evaluación de {action}", "{action} y {metric}", "{problem} entre {group}"],
    "en": ["{problem} {time}", "{action} for {group}", "what did other cities do about {problem}",
           "{problem} near {setting}", "evaluation of {action}", "{action} and {metric}", "{problem} among {group}"],
}


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class TextGen:
    """Seeded generator of passages about prevention practices, 60% Spanish and 40% English."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.themes = sorted(THEMES)

    def context(self) -> dict:
        r = self.r
        lang = "es" if r.random() < 0.6 else "en"
        theme = r.choice(self.themes)
        year = r.randint(1995, 2021)
        return {"lang": lang, "theme": theme, "city": r.choice(CITIES[lang]),
                "actor": r.choice(GENERIC[lang]["actor"]), "year": year, "year2": year + r.randint(1, 6)}

    def fill(self, template: str, ctx: dict) -> str:
        r = self.r
        t = THEMES[ctx["theme"]][ctx["lang"]]
        g = GENERIC[ctx["lang"]]
        actions = r.sample(t["action"], 2)
        metrics = r.sample(t["metric"], 2)
        slots = {
            "city": ctx["city"], "actor": ctx["actor"], "year": ctx["year"], "year2": ctx["year2"],
            "action": actions[0], "action2": actions[1], "problem": r.choice(t["problem"]),
            "group": r.choice(t["group"]), "setting": r.choice(t["setting"]), "metric": metrics[0],
            "metric2": metrics[1], "method": r.choice(g["method"]), "time": r.choice(g["time"]),
            "staff": r.choice(g["staff"]), "lesson": r.choice(g["lesson"]), "n": r.randint(3, 120),
            "pct": r.randint(4, 65), "money": r.randint(40, 2500), "years": r.randint(2, 9),
        }
        slots.update({k + "_cap": cap(str(slots[k])) for k in ("action", "method", "group")})
        return template.format(**slots)

    def sentence(self, ctx: dict | None = None) -> str:
        ctx = ctx or self.context()
        return self.fill(self.r.choice(TEMPLATES[ctx["lang"]]), ctx)

    def passage(self, sentences: int) -> str:
        ctx = self.context()
        chosen = self.r.sample(TEMPLATES[ctx["lang"]], sentences)
        return " ".join(self.fill(t, ctx) for t in chosen)

    def query(self) -> str:
        ctx = self.context()
        return self.fill(self.r.choice(QUERY_TEMPLATES[ctx["lang"]]), ctx)

    def unique(self, n: int, make, seen: set | None = None) -> list[str]:
        seen = set() if seen is None else seen
        out = []
        while len(out) < n:
            text = make()
            if text not in seen:
                seen.add(text)
                out.append(text)
        return out


# --------------------------------------------------------------------------------------------- real embeddings

def embed_cached(texts: list[str], model: str) -> tuple[np.ndarray, float | None]:
    """Unit vectors of ``texts`` from the project's encoder, cached in /tmp by the texts' hash; also the
    texts per second when they had to be embedded."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{model}-{len(texts)}-{digest}.npy"
    if path.exists():
        return np.load(path), None
    from indexer.encoders import load_encoder

    enc = load_encoder(model, threads=2)
    t0 = time.perf_counter()
    vectors = np.ascontiguousarray(enc.encode_documents(texts), dtype=np.float32)
    rate = len(texts) / (time.perf_counter() - t0)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors, rate


def real_part(args, seed: int) -> tuple[list[dict], dict]:
    gen = TextGen(seed)
    seen: set = set()
    # documents: one or two sentences (the encoder runs at about 100 short texts/s on 2 cores)
    docs = gen.unique(args.real_docs, lambda: " ".join(gen.sentence() for _ in range(gen.r.choice((1, 2)))), seen)
    qgen = TextGen(seed + 7)
    half = args.queries // 2
    queries = qgen.unique(half, qgen.sentence, seen) + qgen.unique(args.queries - half, qgen.query, seen)
    log(f"real embeddings: {len(docs)} passages + {len(queries)} queries (cache {CACHE})")
    t0 = time.perf_counter()
    vectors, rate = embed_cached(docs + queries, args.model)
    info = {"docs": len(docs), "queries": len(queries), "model": args.model,
            "embed_s": time.perf_counter() - t0, "texts_per_s": rate, "cached": rate is None,
            "example_docs": docs[:3], "example_queries": [queries[0], queries[-1]]}
    x, q = vectors[:len(docs)], vectors[len(docs):]
    rows = []
    subsets = sorted({n for n in (5_000, 10_000) if n < len(x)} | {len(x)})
    for n in subsets:
        xs = np.ascontiguousarray(x[:n])
        faiss.omp_set_num_threads(2)
        flat = build_flat(xs)
        _, truth = flat.search(q, K)
        lat, _ = run_queries(flat, q, 1)
        rows.append({"part": "real", "n": n, "index": "IndexFlatIP", "setting": "exact", "threads_1": lat,
                     "recall_at_10": 1.0})
        faiss.omp_set_num_threads(2)
        t0 = time.perf_counter()
        hnsw = build_hnsw(xs)
        build_s = time.perf_counter() - t0
        common = {"part": "real", "n": n, "index": f"IndexHNSWFlat M={HNSW_M} efC={HNSW_EFC}", "build_s": build_s}
        rows += [{**common, **r} for r in sweep(hnsw, "hnsw", q, truth, (1,))]
        nlist = nlist_for(n)
        faiss.omp_set_num_threads(2)
        t0 = time.perf_counter()
        ivf = build_ivf(xs, nlist, args.ivf_train, seed)
        build_s = time.perf_counter() - t0
        common = {"part": "real", "n": n, "index": f"IndexIVFFlat nlist={nlist}", "build_s": build_s,
                  "nlist": nlist}
        rows += [{**common, **r} for r in sweep(ivf, "ivf", q, truth, (1,))]
        log(f"  real N={n} done")
    return rows, info


# --------------------------------------------------------------------------------------------- keyword

def keyword_part(n: int, args, seed: int) -> dict:
    from indexer.keyword import fts_document, terms

    log(f"keyword: N={label(n)}")
    gen = TextGen(seed + 11)
    t0 = time.perf_counter()
    passages = [gen.passage(gen.r.randint(4, 8)) for _ in range(n)]
    gen_s = time.perf_counter() - t0
    words = sum(len(p.split()) for p in passages) / n
    t0 = time.perf_counter()
    docs = [fts_document(p) for p in passages]
    terms_s = time.perf_counter() - t0
    terms_per_passage = statistics.median(len(d.split()) for d in docs)
    del passages

    qgen = TextGen(seed + 13)
    expressions = []
    while len(expressions) < args.queries:
        found = sorted(set(terms(qgen.query())))
        while len(found) < 5:
            found = sorted(set(found) | set(terms(qgen.query())))
        if len(found) > 10:
            found = sorted(qgen.r.sample(found, 10))
        expressions.append(" OR ".join(f'"{t}"' for t in found))

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.sqlite"
        with Memory() as mem:
            t0 = time.perf_counter()
            conn = sqlite3.connect(db)
            conn.execute('CREATE VIRTUAL TABLE passages_fts USING fts5(terms, tokenize = "unicode61 remove_diacritics 2")')
            conn.executemany("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)", enumerate(docs))
            conn.commit()
            insert_s = time.perf_counter() - t0
        size = db.stat().st_size
        conn.close()
        # the same documents as postings, scored in memory (what the search uses; indexer.bm25)
        from indexer.bm25 import Postings, tokens

        with Memory() as pmem:
            t0 = time.perf_counter()
            postings = Postings.build(docs)
            postings_s = time.perf_counter() - t0
        postings_path = Path(tmp) / "keywords.npz"
        postings.save(postings_path)
        del docs
        conn = sqlite3.connect(db)  # a fresh connection, as a reader opens it
        sql = ("SELECT rowid, -bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
               "ORDER BY bm25(passages_fts) LIMIT ?")
        for e in expressions[:10]:
            conn.execute(sql, (e, 100)).fetchall()
        ms, hits = [], []
        for e in expressions:
            t0 = time.perf_counter()
            got = conn.execute(sql, (e, 100)).fetchall()
            ms.append((time.perf_counter() - t0) * 1000)
            hits.append(len(got))
        matched = [conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (e,)).fetchone()[0]
                   for e in expressions[:50]]
        conn.close()
        queries = [tokens(e.replace('"', " ").replace(" OR ", " ")) for e in expressions]
        postings = Postings.load(postings_path)
        pms = []
        for q in queries:
            t0 = time.perf_counter()
            postings.search(q, 100)
            pms.append((time.perf_counter() - t0) * 1000)
        postings_bytes = postings_path.stat().st_size
    n_terms = statistics.median(len(e.split(" OR ")) for e in expressions)
    share = statistics.median(matched) / n
    setting = f"OR of 5-10 terms (median {n_terms:g}; {share:.0%} of rows match), bm25, LIMIT 100"
    common = {"part": "keyword", "n": n, "generate_s": gen_s, "terms_s": terms_s, "words_per_passage": words,
              "terms_per_passage": terms_per_passage, "terms_per_query": n_terms, "matching_share": share,
              "median_matching_rows": statistics.median(matched), "example_query": expressions[0]}
    return [{**common, "index": "SQLite FTS5", "setting": setting,
             "build_s": terms_s + insert_s, "insert_s": insert_s,
             "index_bytes": size, "rss_delta_bytes": mem.delta, "rss_peak_bytes": mem.peak,
             "threads_1": summary(ms)},
            {**common, "index": "BM25 postings (numpy)", "setting": setting + "; same scores as FTS5",
             "build_s": terms_s + postings_s, "index_bytes": postings_bytes, "rss_delta_bytes": pmem.delta,
             "rss_peak_bytes": pmem.peak, "threads_1": summary(pms)}]


# --------------------------------------------------------------------------------------------- report

def mb(b) -> str:
    return "" if b is None else f"{b / 2**20:.1f}"


def ms_cell(row: dict, t: int, key: str) -> str:
    v = row.get(f"threads_{t}")
    return "" if not v else f"{v[key]:.2f}"


COLUMNS = ("part", "N", "index", "setting", "build s", "index MB", "RSS d MB", "peak MB",
           "1t med ms", "1t p95 ms", "2t med ms", "2t p95 ms", "recall@10")


def table_rows(rows: list[dict]) -> list[list[str]]:
    out = []
    for r in rows:
        out.append([r["part"], label(r["n"]), r["index"], r["setting"],
                    "" if r.get("build_s") is None else f"{r['build_s']:.1f}",
                    mb(r.get("index_bytes")), mb(r.get("rss_delta_bytes")), mb(r.get("rss_peak_bytes")),
                    ms_cell(r, 1, "median_ms"), ms_cell(r, 1, "p95_ms"), ms_cell(r, 2, "median_ms"),
                    ms_cell(r, 2, "p95_ms"),
                    "" if r.get("recall_at_10") is None else f"{r['recall_at_10']:.3f}"])
    return out


def print_table(rows: list[dict]) -> None:
    body = table_rows(rows)
    widths = [max(len(c), *(len(b[i]) for b in body)) for i, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)))
    for b in body:
        print("  ".join(c.ljust(w) if i < 4 else c.rjust(w) for i, (c, w) in enumerate(zip(b, widths))))


def markdown_table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(b) + " |" for b in table_rows(rows)]
    return "\n".join(lines)


def fit_recall(points: list[tuple[int, float]]):
    """recall(N) = a + b log2 N fitted to the real-embedding subsets (b capped at 0: recall is not assumed
    to grow with N); returns a function of N."""
    if not points:
        return None
    xs = np.log2([n for n, _ in points])
    ys = np.array([r for _, r in points])
    n_max, r_max = max(points)
    b = float(np.polyfit(xs, ys, 1)[0]) if len(points) > 1 else 0.0
    b = min(b, 0.0)
    return lambda n: min(1.0, r_max + b * (math.log2(n) - math.log2(n_max))) if n > n_max else \
        dict(points).get(n, r_max)


def recommend(rows: list[dict]) -> dict:
    """The exact index's limit, and per size the cheapest approximate setting whose recall@10 on real
    embeddings, extrapolated to that size, reaches the target, with its latency on that size's random vectors."""
    rec: dict = {}
    exact = sorted((r["n"], r["threads_1"]["median_ms"]) for r in rows
                   if r["part"] == "random" and r["index"] == "IndexFlatIP")
    ok = [n for n, m in exact if m <= TARGET_MS]
    over = [(n, m) for n, m in exact if m > TARGET_MS]
    ref = over[0] if over else (exact[-1] if exact else None)
    rec["exact_ok_up_to_measured"] = max(ok) if ok else None
    rec["exact_linear_estimate_n"] = int(ref[0] * TARGET_MS / ref[1]) if ref else None
    rec["exact_linear_from"] = ref[0] if ref else None
    rec["exact_median_ms"] = {label(n): m for n, m in exact}

    real = [r for r in rows if r["part"] == "real" and r["index"] != "IndexFlatIP"]
    rec["real_sizes"] = sorted({r["n"] for r in real})
    curves = {}
    for r in real:
        family = "hnsw" if r["index"].startswith("IndexHNSW") else "ivf"
        curves.setdefault((family, r["param"]), []).append((r["n"], r["recall_at_10"]))
    models = {key: fit_recall(points) for key, points in curves.items()}
    rec["real_recall"] = {f"{fam} {'efSearch' if fam == 'hnsw' else 'nprobe'}={p}": dict((label(n), rc) for n, rc in pts)
                          for (fam, p), pts in sorted(curves.items())}
    rec["by_size"] = {}
    for n in sorted({r["n"] for r in rows if r["part"] == "random"}):
        cands = []
        for r in rows:
            if r["part"] != "random" or r["n"] != n or r.get("skipped") or r["index"] == "IndexFlatIP":
                continue
            family = "hnsw" if r["index"].startswith("IndexHNSW") else "ivf"
            model = models.get((family, r["param"]))
            predicted = model(n) if model else None
            cands.append({"index": r["index"], "setting": r["setting"], "median_ms": r["threads_1"]["median_ms"],
                          "p95_ms": r["threads_1"]["p95_ms"], "median_ms_2t": r["threads_2"]["median_ms"],
                          "predicted_real_recall": predicted, "random_recall": r["recall_at_10"],
                          "reaches_recall": predicted is not None and predicted >= TARGET_RECALL})
        best, headroom = {}, {}
        for family in ("IndexHNSW", "IndexIVF"):
            fam = [c for c in cands if c["index"].startswith(family) and c["reaches_recall"]]
            if fam:
                best[family] = min(fam, key=lambda c: c["median_ms"])
            fam = [c for c in fam if c["predicted_real_recall"] >= HEADROOM_RECALL]
            if fam:
                headroom[family] = min(fam, key=lambda c: c["median_ms"])
        rec["by_size"][label(n)] = {"exact_median_ms": dict(exact).get(n), "best": best, "headroom": headroom,
                                    "fastest": min(best.values(), key=lambda c: c["median_ms"]) if best else None,
                                    "candidates": cands}
    return rec


def recommendation_text(rec: dict) -> list[str]:
    lines = []
    if not rec["exact_median_ms"]:
        return ["(no vector sizes measured: no recommendation for the index type)"]
    ex = ", ".join(f"{k}: {v:.1f} ms" for k, v in rec["exact_median_ms"].items())
    upto = rec["exact_ok_up_to_measured"]
    lines.append(f"Exact (IndexFlatIP), median at 1 thread: {ex}. It meets {TARGET_MS:.0f} ms up to "
                 f"{label(upto) if upto else 'none of the sizes'} measured; scaling {label(rec['exact_linear_from'])}'s "
                 f"time linearly puts the cut-over near {rec['exact_linear_estimate_n']:,} passages.")
    if rec["real_sizes"]:
        lines.append(f"Recall is that of real embeddings at {', '.join(label(n) for n in rec['real_sizes'])} "
                     f"passages, extrapolated log-linearly in N to larger sizes (random-vector recall, the "
                     f"worst case, in brackets); latency is measured on random vectors of the size.")
    for size, info in rec["by_size"].items():
        if not info["best"]:
            lines.append(f"{size}: no approximate setting measured is predicted to reach recall@10 "
                         f"{TARGET_RECALL}.")
            continue
        parts = []
        for c in info["best"].values():
            parts.append(f"{c['index']} {c['setting']}: {c['median_ms']:.2f} ms median / {c['p95_ms']:.2f} ms p95, "
                         f"recall {c['predicted_real_recall']:.3f} ({c['random_recall']:.3f})")
        f = info["fastest"]
        lines.append(f"{size} (exact {info['exact_median_ms']:.1f} ms): " + "; ".join(parts) +
                     f" -> fastest: {f['index']} {f['setting']}.")
        if info["headroom"]:
            lines.append(f"    with headroom (predicted recall >= {HEADROOM_RECALL}): " + "; ".join(
                f"{c['index']} {c['setting']} ({c['median_ms']:.2f} ms, {c['predicted_real_recall']:.3f})"
                for c in info["headroom"].values()))
    return lines


def main() -> None:
    global HNSW_EFC
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="random-vector corpus sizes (default 10k,100k,1M)")
    parser.add_argument("--keyword-sizes", default="10k,100k", help="FTS5 corpus sizes ('' for none)")
    parser.add_argument("--real-docs", type=int, default=50_000, help="generated passages to embed (0: skip)")
    parser.add_argument("--queries", type=int, default=200, help="queries per measurement")
    parser.add_argument("--hnsw-max-n", default="100k", help="skip the HNSW build above this size")
    parser.add_argument("--hnsw-efc", type=int, default=HNSW_EFC, help="HNSW efConstruction (default 80)")
    parser.add_argument("--ivf-train", choices=("numpy", "faiss"), default="numpy")
    parser.add_argument("--model", default="use-multilingual")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "scale-results.json")
    args = parser.parse_args()
    HNSW_EFC = args.hnsw_efc
    args.hnsw_max_n = parse_size(args.hnsw_max_n)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    keyword_sizes = [parse_size(s) for s in args.keyword_sizes.split(",") if s.strip()]

    started = time.perf_counter()
    m = machine()
    m["loadavg_at_start"] = os.getloadavg()
    if m["loadavg_at_start"][0] > 0.5:
        log(f"warning: load average {m['loadavg_at_start'][0]:.2f} before the start: another process is using "
            f"the CPU and the timings will be slower than on an idle machine")
    rows: list[dict] = []
    real_info = None
    others = {}
    for n in keyword_sizes:
        with Others() as o:
            rows.extend(keyword_part(n, args, args.seed))
        others[f"keyword {label(n)}"] = o.cores
    if args.real_docs:
        with Others() as o:
            real_rows, real_info = real_part(args, args.seed)
        others["real"] = o.cores
        rows += real_rows
    for n in sizes:
        with Others() as o:
            rows += vector_part(n, args, args.seed + n)
        others[f"random {label(n)}"] = o.cores
    m["other_processes_cores"] = others
    rec = recommend(rows)
    wall = time.perf_counter() - started
    m["loadavg_at_end"] = os.getloadavg()

    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['memory_gb']} GB; python {m['python']}, "
          f"faiss {m['faiss']}, numpy {m['numpy']}, sqlite {m['sqlite']}; load average at start "
          f"{m['loadavg_at_start'][0]:.2f}")
    print(f"dimension {DIM}, k={K}, {args.queries} single queries per row (after 10 warm-up), seed {args.seed}; "
          f"1t/2t = faiss.omp_set_num_threads(1/2); wall time {wall / 60:.1f} min")
    busy = ", ".join(f"{k} {v:.2f}" for k, v in others.items())
    print(f"cores kept busy by other processes during each part (0 on an idle machine): {busy}")
    if max(others.values(), default=0) > 0.1:
        print("WARNING: other processes used the CPU during this run; its timings are slower than on an idle machine")
    if real_info:
        how = "from cache" if real_info["cached"] else f"{real_info['texts_per_s']:.0f} texts/s"
        print(f"real: {real_info['docs']} generated passages + {real_info['queries']} held-out queries embedded "
              f"with {real_info['model']} ({how})")
    print_table(rows)
    print()
    print("recommendation:")
    for line in recommendation_text(rec):
        print("  " + line)
    out = {"machine": m, "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
           "wall_s": wall, "real_embeddings": real_info, "rows": rows, "recommendation": rec,
           "recommendation_text": recommendation_text(rec), "markdown_table": markdown_table(rows)}
    args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
