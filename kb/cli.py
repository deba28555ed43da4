"""The ``kb`` command line: a thin layer over the library. Domain errors become one line on stderr."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from kb.errors import KBError
from kb.settings import Settings, get_settings

EXIT_BAD_INPUT = 2


def _settings(practices: Path | None, index: Path | None, **more) -> Settings:
    update = {k: v for k, v in {"practices": practices, "index": index, **more}.items() if v is not None}
    return get_settings().model_copy(update=update)


def common(f):
    """``--practices`` and ``--index`` on every command; they win over KB_PRACTICES and KB_INDEX."""
    @click.option("--index", "index", type=click.Path(path_type=Path), default=None,
                  help="Folder of the built index [env KB_INDEX; default .kb-index/].")
    @click.option("--practices", "practices", type=click.Path(path_type=Path), default=None,
                  help="Folder of case studies [env KB_PRACTICES; default practices/].")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KBError as e:
            click.echo(f"kb: {e}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    return wrapper


def _progress(label: str):
    """A progress callback: a bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def close() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
    return update, close


def _open(practices, index, **more):
    from kb.service import KnowledgeBase

    return KnowledgeBase(_settings(practices, index, **more))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kb-prevencion", prog_name="kb")
def main() -> None:
    """A knowledge base of violence- and crime-prevention practices with multilingual semantic search."""


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@common
def check(practices, index, as_json):
    """Validate every case study; one line per problem: FILE:LINE: field: problem."""
    from kb.corpus import load

    settings = _settings(practices, index)
    corpus = load(settings.practices)
    if as_json:
        click.echo(json.dumps({"files": len(corpus.files), "valid": len(corpus.practices),
                               "problems": [p.as_dict() for p in corpus.problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in corpus.problems:
            click.echo(str(problem))
        click.echo(f"{len(corpus.files)} files checked: {len(corpus.practices)} valid, "
                   f"{len(corpus.rejected)} with problems", err=True)
    sys.exit(1 if corpus.problems else 0)


@main.command()
@click.option("--rebuild", is_flag=True, help="Embed everything again instead of updating.")
@common
def index(practices, index, rebuild):
    """Build the index, or update it for the files added, edited or removed since the last build."""
    kb = _open(practices, index)
    update, close = _progress("embedding")
    try:
        report = kb.build(rebuild=rebuild, progress=update)
    finally:
        close()
    for problem in report.problems:
        click.echo(str(problem), err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.summary())
    sys.exit(1 if report.problems else 0)


def _filter_options(f):
    for name, help_ in reversed([
        ("country", "Country code, e.g. CO"), ("theme", "Theme slug"), ("target-group", "Target-group slug"),
        ("gt-axis", "Axis of Guatemala's national policy"), ("evidence", "Evidence level"),
        ("language", "Language of the case study, e.g. es")]):
        f = click.option(f"--{name}", multiple=True, help=f"{help_} (repeatable).")(f)
    return f


def _print_hits(hits, start: int = 1) -> None:
    from kb.countries import country_label
    from kb.vocab import label

    for n, hit in enumerate(hits, start):
        m = hit.practice.meta
        click.echo(f"{n:2}. {click.style(m.title, bold=True)}  [{m.id}]  {hit.score:.3f}")
        click.echo(f"    {m.place}, {country_label(m.country)} · {m.period} · "
                   f"{label('evidence', m.evidence.level)} · {', '.join(m.labels('themes'))}")
        if hit.section:
            click.echo(f"    § {hit.section}: {hit.snippet}")
        else:
            click.echo(f"    {hit.snippet}")


@main.command()
@click.argument("query")
@click.option("--k", default=10, show_default=True, type=int, help="How many practices.")
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@common
def search(practices, index, query, k, country, theme, target_group, gt_axis, evidence, language, as_json):
    """Print the practices that best answer QUERY, in any language."""
    from kb.filters import Filters
    from kb.search import check_k, check_query

    kb = _open(practices, index)
    filters = Filters.of(country=country, theme=theme, target_group=target_group, gt_axis=gt_axis,
                         evidence=evidence, language=language)
    check_query(query, kb.settings.max_query_chars)
    check_k(k, kb.settings.max_k)
    report = kb.ensure_index()
    if not report.up_to_date:
        click.echo(f"note: {report.summary()}", err=True)
    result = kb.searcher.search(query, k=k, filters=filters)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif not result.hits:
        click.echo("no practice matches these filters; remove one and try again", err=True)
    else:
        if result.translations:
            click.echo(click.style(f"also searched for: {', '.join(result.translations)}", dim=True))
        if result.evidence:
            click.echo(click.style(f"practices evaluated so come first: {', '.join(result.evidence)}", dim=True))
        _print_hits(result.hits)


@main.command()
@click.argument("plan", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--k", default=5, show_default=True, type=int, help="Suggestions per section.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@common
def suggest(practices, index, plan, k, as_json):
    """Suggest practices for each section of a plan draft (.md, .txt, .docx, .pdf)."""
    from kb.errors import BadQuery
    from kb.plans.service import suggest_for_file

    if not 1 <= k <= 20:
        raise BadQuery(f"--k must be from 1 to 20; got {k}")
    try:
        data = plan.read_bytes()
    except OSError as e:
        raise BadQuery(f"cannot read {plan}: {e.strerror or e}") from e
    kb = _open(practices, index)
    report = kb.ensure_index()
    if not report.up_to_date:
        click.echo(f"note: {report.summary()}", err=True)
    result = suggest_for_file(kb.searcher, data, plan.name, k=k)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_suggestions(plan.name, result)


def _print_suggestions(name: str, result) -> None:
    from kb.countries import country_label
    from kb.vocab import label

    used = [s for s in result.sections if s.section.usable]
    click.echo(click.style(f"{name}: {len(result.sections)} sections, {len(used)} used for suggestions", bold=True))
    for s in result.sections:
        if not s.section.usable:
            click.echo(click.style(f"\n· {s.section.heading}  (not used: {s.section.kind})", dim=True))
            continue
        axes = ", ".join(label("gt_axes", a) for a in s.axes)
        click.echo(click.style(f"\n■ {s.section.heading}", bold=True) + (f"  [{axes}]" if axes else ""))
        for n, x in enumerate(s.suggestions, 1):
            m = x.practice.meta
            click.echo(f"  {n}. {m.title}  [{m.id}]  {m.place}, {country_label(m.country)} · "
                       f"{label('evidence', m.evidence.level)}")
            click.echo(f"     {x.why()}")
    click.echo(click.style("\nOverall (each practice once):", bold=True))
    for n, x in enumerate(result.overall[:10], 1):
        click.echo(f"  {n:2}. {x.practice.meta.title}  [{x.practice.id}]")
    click.echo(click.style("\nNational policy axes", bold=True))
    click.echo("  addressed: " + (", ".join(label("gt_axes", a) for a in result.addressed) or "none"))
    click.echo("  not addressed: " + (", ".join(label("gt_axes", a) for a in result.missing) or "none"))
    for axis, indicators in result.indicators.items():
        if indicators:
            click.echo(f"  indicators for {label('gt_axes', axis)}:")
            for indicator in indicators:
                click.echo(f"    - {indicator}")


@main.command()
@click.argument("practice_id", metavar="ID")
@click.option("--language", type=click.Choice(["es", "en"]), default="es", show_default=True,
              help="Language of the case study's body and headings.")
@common
def new(practices, index, practice_id, language):
    """Write a valid skeleton case study ID.md into the practices folder."""
    from kb.skeleton import write_skeleton

    path = write_skeleton(_settings(practices, index).practices, practice_id, language)
    click.echo(f"wrote {path}; fill it in, then run: kb check")


@main.group()
def pack() -> None:
    """Workshop packs: practices chosen for a seminar, with the trainer's notes, exported for the room."""


def _read_pack(pack_file: Path, packs_dir: Path):
    """The pack in FILE, or in the packs folder's FILE.yaml when FILE is only a pack's name."""
    from kb.errors import BadQuery
    from kb.packs import parse_pack
    from kb.packs.store import NAME_PATTERN
    from kb.problems import display_path

    path = pack_file
    if not path.exists() and NAME_PATTERN.match(str(pack_file)) and (packs_dir / f"{pack_file}.yaml").is_file():
        path = packs_dir / f"{pack_file}.yaml"
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BadQuery(f"cannot read {path}: {e.strerror or e}") from e
    return parse_pack(raw, display_path(path)), path


def _ready(practices, index):
    kb = _open(practices, index)
    report = kb.ensure_index()
    if not report.up_to_date:
        click.echo(f"note: {report.summary()}", err=True)
    return kb


def _write(out: Path, data: bytes) -> None:
    from kb.errors import BadQuery

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as e:
        raise BadQuery(f"cannot write {out}: {e.strerror or e}") from e


@pack.command("build")
@click.argument("pack_file", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "html", "md"]), default=None,
              help="Output format [default: from --out's extension, else docx].")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write, '-' for standard output [default: FILE's name with the format's extension].")
@common
def pack_build(practices, index, pack_file, fmt, out):
    """Export the pack FILE (a YAML file, or the name of one in the packs folder) as DOCX, PDF, HTML or
    Markdown: title page, introduction, contents, one chapter per practice and a comparison annex."""
    from kb.packs import FORMATS, export_pack

    settings = _settings(practices, index)
    the_pack, path = _read_pack(pack_file, settings.packs)
    suffix = out.suffix.lstrip(".").lower() if out else ""
    fmt = fmt or (suffix if suffix in FORMATS else "docx")
    out = out or Path(path.stem + FORMATS[fmt].extension)
    data = export_pack(the_pack, _ready(practices, index).searcher, fmt)
    if str(out) == "-":
        click.echo(data, nl=False)
        return
    _write(out, data)
    click.echo(f"wrote {out} ({fmt}, {len(the_pack.practices)} practices, {len(data):,} bytes)", err=True)


@pack.command("check")
@click.argument("pack_file", metavar="FILE", type=click.Path(path_type=Path))
@common
def pack_check(practices, index, pack_file):
    """Validate the pack FILE: its fields, and that every practice id is in the knowledge base."""
    the_pack, path = _read_pack(pack_file, _settings(practices, index).packs)
    the_pack.resolve(_ready(practices, index).searcher)
    click.echo(f"{path}: valid, {len(the_pack.practices)} practices")


@pack.command("list")
@common
def pack_list(practices, index):
    """The packs of the packs folder [env KB_PACKS; default packs/]: name and title."""
    from kb.packs import PackStore

    for name, the_pack, problem in PackStore(_settings(practices, index).packs).list():
        click.echo(f"{name}\t{the_pack.title}" if the_pack else f"{name}\t(cannot be used: {problem})")


@pack.command("suggest")
@click.argument("topic")
@click.option("--k", default=8, show_default=True, type=int, help="How many practices (1 to 20).")
@click.option("--language", type=click.Choice(["es", "en"]), default=None,
              help="Language of the pack's labels [default: the topic's].")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Write the draft YAML here instead of printing it.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@common
def pack_suggest(practices, index, topic, k, language, out, force):
    """Draft a pack for the workshop TOPIC: the closest practices, not all of one theme, each with a
    placeholder question to replace with the trainer's notes."""
    from kb.errors import BadQuery
    from kb.packs.suggest import suggest_pack

    if out is not None and out.exists() and not force:
        raise BadQuery(f"{out} exists; choose another file or add --force to overwrite it")
    draft = suggest_pack(_ready(practices, index).searcher, topic, k=k, language=language)
    if out is None:
        click.echo(draft.to_yaml(), nl=False)
        return
    _write(out, draft.to_yaml(str(out)).encode("utf-8"))
    click.echo(f"wrote {out}: {len(draft.pack.practices)} practices; edit the notes, then run: "
               f"kb pack build {out} --format docx", err=True)


@main.command("eval")
@click.option("--set", "eval_dir", type=click.Path(path_type=Path), default=Path("eval"), show_default=True,
              help="Folder with queries.tsv, qrels.tsv and expected.json.")
@click.option("--model", default=None, help="Encoders to compare, joined by '+' [default: every packaged one].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--examples", type=click.Path(path_type=Path), default=None,
              help="Folder of the example plans judged in plans.tsv [default: examples/ beside the set's folder].")
@click.option("--write-expected", is_flag=True, help="Store the measured figures as the expected ones.")
@click.option("--queries", "prefix", default=None, metavar="PREFIX",
              help="Only the queries whose id starts with PREFIX (h, g, k, l, m, n: the held-out sets); the expected "
                   "figures, which are for the whole set, are not checked and the plans are left out.")
@common
def evaluate(practices, index, eval_dir, model, examples, as_json, write_expected, prefix):
    """Run the judged evaluation set and print nDCG@10, Recall@5 and MRR per condition and query group,
    with the expected figures beside the measured ones (OK / FAIL). Exit 1 on any FAIL."""
    from indexer.encoders import PACKAGED
    from kb.evaluation import agreement, data, plans, runner
    from kb.ranking import default_ranking

    if prefix is not None and write_expected:
        raise click.UsageError("--write-expected stores figures for the whole set; leave out --queries")
    evalset = data.load(eval_dir)
    if prefix is not None:
        evalset = evalset.only(prefix)
    kb = _open(practices, index or Path(".kb-eval-index"), model=model or "+".join(PACKAGED))
    update, close = _progress("embedding")
    try:
        report = kb.ensure_index(progress=update)
    finally:
        close()
    if not report.up_to_date:
        click.echo(f"note: {report.summary()}", err=True)
    searcher = kb.searcher
    names = [e.name for e in kb.encoders]
    results = runner.measure(searcher, evalset, runner.conditions(names))
    expected_path = eval_dir / "expected.json"
    if write_expected:
        runner.write_expected(expected_path, results)
    rows = runner.compare(results, runner.load_expected(expected_path) if prefix is None else {})
    groups = evalset.groups({p.id: p.meta.language for p in searcher.index.practices})
    counts = {g: len(q) for g, q in groups.items()}
    examples = examples or eval_dir.absolute().parent / "examples"
    judged = plans.load(eval_dir / "plans.tsv") if prefix is None else {}
    plan_report = runner.measure_plans(searcher, judged, examples, expected_path, write_expected) \
        if prefix is None else {"rows": [], "checks": {}}
    failed = any(r["ok"] is False for r in rows) or any(v["ok"] is False for v in plan_report["checks"].values())
    assessor = agreement.load(eval_dir / "agreement") if prefix is None else None
    second = agreement.measure(searcher, evalset, judged, examples, assessor, default_ranking(names)) \
        if assessor else {}
    if as_json:
        click.echo(json.dumps({"model": kb.model_name, "queries": counts, "rows": rows, "plans": plan_report,
                               "agreement": second}, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{len(evalset.queries)} queries over {len(searcher.index.practices)} practices; "
                   f"model {kb.model_name}; index {kb.index_dir}")
        click.echo(runner.table(rows, counts))
        if plan_report["rows"]:
            click.echo("")
            click.echo(runner.plan_table(plan_report))
        if second:
            click.echo("")
            click.echo(agreement.table(second))
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--host", default=None, help="Address to bind [env KB_HOST; default 127.0.0.1].")
@click.option("--port", default=None, type=int, help="Port [env KB_PORT; default 8000].")
@click.option("--workers", default=None, type=click.IntRange(1, 16),
              help="Server processes, each with the model and the index [env KB_WORKERS; default 1].")
@common
def serve(practices, index, host, port, workers):
    """Make sure the index is current, then serve the API and the web page."""
    import threading

    from kb.service import KnowledgeBase

    settings = _settings(practices, index, host=host, port=port, workers=workers)
    if settings.workers > 1:
        return _serve_workers(settings)
    kb = KnowledgeBase(settings)
    # The model loads (mostly I/O and numpy) while the web framework is imported and the index checked.
    loading = threading.Thread(target=lambda: [e.encode_queries(["warm up"]) for e in kb.encoders], name="load-encoder",
                               daemon=True)
    loading.start()
    import uvicorn

    from api.app import create_app

    update, close = _progress("embedding")
    try:
        report = kb.ensure_index(progress=update)
    finally:
        close()
    for problem in report.problems:
        click.echo(str(problem), err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.summary(), err=True)
    loading.join()
    kb.searcher  # open the index before accepting requests (an encoder that failed to load raises here)
    click.echo(f"serving on http://{kb.settings.host}:{kb.settings.port}", err=True)
    uvicorn.run(create_app(kb), host=kb.settings.host, port=kb.settings.port, log_level="info", **_http(kb.settings))


def _serve_workers(settings) -> None:
    """``kb serve`` with several worker processes (uvicorn's supervisor; each worker opens the index and loads
    the model itself, and follows the index folder, so a reindex by one is taken up by the others). The index is
    checked and brought up to date first in a child process; then this process becomes a bare Python running
    uvicorn's supervisor (exec, same process id), which imports neither numpy nor pydantic nor this command line:
    about 27 MB instead of 61."""
    import json
    import os
    import subprocess

    done = subprocess.run([sys.executable, "-m", "kb.cli", "index", "--practices", str(settings.practices),
                           "--index", str(settings.index)], env={**os.environ, "KB_MODEL": settings.model})
    if done.returncode not in (0, 1):  # 1: some case studies were rejected, the rest is indexed
        sys.exit(done.returncode)
    # Each worker gets its share of the cores for numpy's BLAS and the encoder, unless told otherwise: two
    # workers with two threads each on two cores made the slowest answers several times slower (p99).
    share = str(max(1, (os.cpu_count() or 1) // settings.workers))
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, share)
    chosen = settings.model_dump(exclude_none=True)
    if "KB_THREADS" not in os.environ:
        chosen["threads"] = int(share)
    # the workers read their settings from the environment: what the command line chose goes there
    for name, value in chosen.items():
        os.environ[f"KB_{name.upper()}"] = str(value)
    options = {"factory": True, "workers": settings.workers, "host": settings.host, "port": settings.port,
               "log_level": "info", **_http(settings, workers=True)}
    click.echo(f"serving on http://{settings.host}:{settings.port} with {settings.workers} workers", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    code = f"import json, uvicorn; uvicorn.run('api.app:create_app', **json.loads({json.dumps(options)!r}))"
    os.execv(sys.executable, [sys.executable, "-c", code])


def _http(settings, workers: bool = False) -> dict:
    """uvicorn's HTTP protocol: httptools, taking URLs of any length up to ``max_request_head`` bytes (its own URL
    parser stops at 64 KiB) and refusing longer request heads with a JSON 414/431 (see api/protocol.py). Worker
    processes get it as an import string that builds it from the settings in their environment."""
    import importlib.util

    limit = settings.max_request_head
    if importlib.util.find_spec("httptools") is None:  # pragma: no cover - h11 with the same limit (a plain 400)
        return {"http": "h11", "h11_max_incomplete_event_size": limit}
    if workers:
        return {"http": "api.protocol:FromSettings", "h11_max_incomplete_event_size": limit}
    from api.protocol import from_settings

    http = from_settings(settings)
    return {"http": http, "h11_max_incomplete_event_size": limit}


if __name__ == "__main__":  # pragma: no cover
    main()
