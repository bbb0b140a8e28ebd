"""The one-off conversion as a Prefect flow: load -> extract -> convert -> write, one record a source."""
from __future__ import annotations

import queue
import shutil
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows import pipeline
from flows.manifest import (document_words, failed_record, ok_record, one_line, summarize_words,
                            write_manifest)

DEFAULT_FORMATS = ("html", "docx")
FETCH_RETRIES = 2            # task-level retries of a failed fetch
RETRY_BACKOFF = 2.0          # seconds before the first task retry; doubles each time
# Fetch failures (FetchError reasons) that may pass on a later try; 404s and bad files will not.
_TRANSIENT = ("timed out", "connection failed", "HTTP 408", "HTTP 429", "HTTP 5")

# The engine loads its lexicon on first use; one conversion at a time keeps that (and any
# non-thread-safe analyser state) safe while fetching and writing still run in parallel.
_ENGINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Job:
    """What to make of every source: formats, engine options and the optional modes."""
    out_dir: str
    formats: tuple[str, ...] = DEFAULT_FORMATS
    options: object = None          # converter Options (None: engine defaults)
    in_place: bool = False          # --in-place: local HTML converted in its own markup
    report: bool = False
    fetch_opts: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def style(self) -> str:
        return getattr(self.options, "style", "hanja") if self.options is not None else "hanja"


def load_step(source: str, work_dir: str, fetch_opts: dict | None = None) -> dict:
    """Fetch or read one source; fetched bytes go to work_dir. Returns paths and strings only."""
    loaded = pipeline.load_source(source, fetch_opts)
    if loaded.url is None:
        raw_path = str(Path(source))
    else:
        handle = tempfile.NamedTemporaryFile(dir=work_dir, suffix=".raw", delete=False)
        with handle:
            handle.write(loaded.data)
        raw_path = handle.name
    return {"source": source, "kind": loaded.kind, "path": raw_path, "url": loaded.url,
            "name": loaded.name, "content_type": loaded.content_type, "work_dir": work_dir}


def _reloaded(info: dict) -> pipeline.Loaded:
    data = Path(info["path"]).read_bytes()
    return pipeline.Loaded(info["source"], info["kind"], data, info["url"], info["name"],
                           info["content_type"])


def _in_place_module():
    """flows.inplace when it is installed, else None."""
    try:
        from flows import inplace
    except ImportError:
        return None
    return inplace


def _document_outputs(info: dict, job: Job, slug: str, formats: tuple[str, ...],
                      report: bool) -> tuple[dict, list, str | None]:
    """Extract, convert and write through the document model; (outputs, words, title)."""
    doc = pipeline.extract(_reloaded(info))
    with _ENGINE_LOCK:
        converted = pipeline.convert_doc(doc, job.options)
    outputs = {k: str(v) for k, v in
               pipeline.write_outputs(converted, job.out_dir, slug, formats, job.style).items()}
    if report:
        outputs["report"] = str(_write_report(doc, job, slug))
    return outputs, summarize_words(document_words(converted)), doc.meta.title or None  # the title as the source gives it


def _write_report(doc, job: Job, slug: str) -> Path:
    """OUT/<slug>.report.tsv: every converted word with confidence, alternatives and context."""
    from outputs.files import write_atomic
    from outputs.report import render_report

    with _ENGINE_LOCK:
        found = pipeline.report_words(doc, job.options)
    return write_atomic(Path(job.out_dir) / f"{slug}.report.tsv", render_report(found))


def _refuse_overwriting_input(info: dict, job: Job, slug: str) -> None:
    """Fail a local source whose output would land on the file itself (-o pointing at its folder)."""
    if info["url"] is not None:
        return
    source = Path(info["source"]).resolve()
    names = [f"{slug}.{fmt}" for fmt in job.formats] + ([f"{slug}.report.tsv"] if job.report else [])
    for name in names:
        if (Path(job.out_dir) / name).resolve() == source:
            from extractors.errors import ExtractionError
            raise ExtractionError(info["source"], f"output {name} would overwrite the input; "
                                                  "choose another -o folder")


def _in_place_outputs(inplace, info: dict, job: Job, name: str) -> dict:
    """Convert a local file in its own structure; outputs land as OUT/<name>.<ext>."""
    from outputs.files import write_atomic

    if info["kind"] == "docx":
        from extractors.docx import check_package

        # Refuse encrypted files and ZIP bombs before the in-place writer opens the package.
        check_package(Path(info["path"]).read_bytes(), info["source"])
    # The in-place writer names outputs after the input file; it writes to a private folder and
    # we place the files, so two inputs called report.docx never overwrite each other.
    private = Path(tempfile.mkdtemp(dir=info["work_dir"]))
    with _ENGINE_LOCK:
        result = inplace.convert_file_in_place(Path(info["source"]), private, job.options, job.report)
    outputs = {}
    for key, path in result.get("outputs", {}).items():
        target = f"{name}.report.tsv" if key == "report" else f"{name}.{key}"
        outputs[key] = str(write_atomic(Path(job.out_dir) / target, Path(path).read_bytes()))
    return {"outputs": outputs, "words": result.get("words", []), "title": result.get("title")}


def process_step(info: dict, slug: str, job: Job, own_name: str | None = None) -> dict:
    """Extract, convert and write one loaded source; returns its ok manifest record.

    own_name: the input's file stem, used instead of the slug when the file is converted in
    place (a user's own document keeps its name) and no other source in the batch claims it."""
    local = info["url"] is None
    wants_in_place = local and (("docx" in job.formats and info["kind"] == "docx")
                                or (job.in_place and info["kind"] == "html"))
    inplace = _in_place_module() if wants_in_place else None
    if wants_in_place and inplace is None and job.in_place:
        from extractors.errors import ExtractionError
        raise ExtractionError(info["source"], "in-place conversion is not available in this install")
    if inplace is None:
        _refuse_overwriting_input(info, job, slug)
        outputs, words, title = _document_outputs(info, job, slug, job.formats, job.report)
        return ok_record(info["source"], title, outputs, words)
    name = own_name or slug
    _refuse_overwriting_input(info, job, name)
    result = _in_place_outputs(inplace, info, job, name)
    outputs, title = result["outputs"], result["title"]
    words = summarize_words(result["words"])
    # The in-place file keeps its own format; the other formats come from the document model.
    others = tuple(f for f in job.formats if f not in outputs)
    if others:
        more, more_words, more_title = _document_outputs(info, job, name, others, report=False)
        outputs.update({k: v for k, v in more.items() if k not in outputs})
        words = words or more_words
        title = title or more_title
    return ok_record(info["source"], title, outputs, words)


load_task = task(load_step, name="load-source", cache_policy=NO_CACHE,
                 retries=FETCH_RETRIES, retry_delay_seconds=exponential_backoff(backoff_factor=RETRY_BACKOFF),
                 retry_jitter_factor=0.5)
process_task = task(process_step, name="extract-convert-write", cache_policy=NO_CACHE)


def _worth_retrying(task_obj, task_run, state) -> bool:
    """Retry fetches that may pass next time (timeouts, refused connections, 408/429/5xx)."""
    from extractors.errors import FetchError

    try:
        state.result()
    except FetchError as exc:
        return exc.reason.startswith(_TRANSIENT)
    except Exception:
        return False
    return False


def assign_slugs(sources: list[str]) -> list[str]:
    """A distinct output name for every source, in order."""
    taken: set[str] = set()
    return [pipeline.make_slug(None, src, taken) for src in sources]


def own_names(sources: list[str], slugs: list[str]) -> list[str | None]:
    """Each local file's stem where it can name in-place outputs without clashing, else None."""
    names = Counter(Path(s).name.casefold() for s in sources if not pipeline.is_url(s))
    own: list[str | None] = []
    for src, slug in zip(sources, slugs):
        stem = Path(src).stem
        unique = not pipeline.is_url(src) and names[Path(src).name.casefold()] == 1
        # A deduplicated slug (report-2) means another source already owns this stem's names.
        own.append(stem if unique and stem and not stem.startswith(".")
                   and slug == pipeline.make_slug(None, src) else None)
    return own


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="source", file=sys.stderr, disable=None if enabled else True,
                desc="converting")


@flow(name="gukhan-convert", validate_parameters=False)
def convert_sources(sources: list[str], out_dir: str, formats: tuple[str, ...] = DEFAULT_FORMATS,
                    options: object = None, in_place: bool = False, report: bool = False,
                    fetch_opts: dict | None = None, fetch_retries: int = FETCH_RETRIES,
                    retry_backoff: float = RETRY_BACKOFF, progress: bool = True) -> list[dict]:
    """Convert every source with bounded concurrency; writes outputs and OUT/manifest.jsonl."""
    # Retrying is the task's job here (with backoff between tries), not fetch()'s as well.
    job = Job(str(out_dir), tuple(formats), options, in_place, report, {"retries": 0, **(fetch_opts or {})})
    slugs = assign_slugs(sources)
    names = own_names(sources, slugs)
    loader = load_task.with_options(retries=fetch_retries,
                                    retry_delay_seconds=exponential_backoff(backoff_factor=retry_backoff),
                                    retry_condition_fn=_worth_retrying)
    records: list[dict | None] = [None] * len(sources)
    done: queue.Queue = queue.Queue()
    work_dir = tempfile.mkdtemp(prefix="gukhan-work-")
    try:
        with _progress(len(sources), progress) as bar:
            for i, src in enumerate(sources):
                future = loader.submit(src, work_dir, job.fetch_opts)
                future.add_done_callback(lambda f, i=i: done.put(("load", i, f)))
            remaining = len(sources)
            while remaining:
                stage, i, future = done.get()
                try:
                    result = future.result()
                except Exception as exc:
                    records[i] = failed_record(sources[i], one_line(exc))
                else:
                    if stage == "load":
                        nxt = process_task.submit(result, slugs[i], job, names[i])
                        nxt.add_done_callback(lambda f, i=i: done.put(("process", i, f)))
                        continue
                    records[i] = result
                remaining -= 1
                bar.update(1)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    write_manifest(job.out_dir, records)
    return records


def convert_in_process(sources: list[str], out_dir: str, formats: tuple[str, ...] = DEFAULT_FORMATS,
                       options: object = None, in_place: bool = False, report: bool = False,
                       fetch_opts: dict | None = None, progress: bool = True,
                       fetch_retries: int = 0, retry_backoff: float = 0.0) -> list[dict]:
    """The same steps as the flow, run one after another in this process without Prefect."""
    # fetch_retries/retry_backoff are the flow's task-level retries; here fetch()'s own apply.
    job = Job(str(out_dir), tuple(formats), options, in_place, report, dict(fetch_opts or {}))
    records: list[dict] = []
    work_dir = tempfile.mkdtemp(prefix="gukhan-work-")
    try:
        with _progress(len(sources), progress and len(sources) > 1) as bar:
            slugs = assign_slugs(sources)
            for src, slug, name in zip(sources, slugs, own_names(sources, slugs)):
                try:
                    info = load_task.fn(src, work_dir, job.fetch_opts)
                    records.append(process_task.fn(info, slug, job, name))
                except Exception as exc:
                    records.append(failed_record(src, one_line(exc)))
                bar.update(1)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    write_manifest(job.out_dir, records)
    return records


def needs_prefect(sources: list[str]) -> bool:
    """Batches and URLs go through the Prefect flow; a single local file runs in process."""
    return not (len(sources) == 1 and not pipeline.is_url(sources[0]))


def run_conversion(sources: list[str], out_dir: str, *, concurrency: int = 4, use_prefect: bool | None = None,
                   **kwargs) -> tuple[list[dict], bool]:
    """Convert sources via the flow or in process; returns (manifest records, whether Prefect ran)."""
    if use_prefect is None:
        use_prefect = needs_prefect(sources)
    if not use_prefect:
        return convert_in_process(sources, out_dir, **kwargs), False
    runner = ThreadPoolTaskRunner(max_workers=max(1, concurrency))
    try:
        return convert_sources.with_options(task_runner=runner)(sources, out_dir, **kwargs), True
    except Exception as exc:
        # The flow turns every source's failure into a record, so what escapes is Prefect itself
        # (no API server, a locked database): the batch still runs, in this process.
        print(f"warning: Prefect is unavailable ({one_line(exc)}); converting in this process",
              file=sys.stderr)
        return convert_in_process(sources, out_dir, **kwargs), False


__all__ = ["Job", "load_step", "process_step", "load_task", "process_task", "assign_slugs", "own_names",
           "convert_sources", "convert_in_process", "needs_prefect", "run_conversion"]
