# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # briefing quickstart: one bulletin, from file to checked figures
#
# This notebook walks through what **briefing** does with a single Chinese government
# information bulletin (政务信息):
#
# 1. read the file into a `Document` and look at its metadata (刊名, 期号, 编发单位, 日期 …);
# 2. extract every figure (amounts, counts, rates, 百分点 …) into a pandas DataFrame;
# 3. see the figures highlighted in the text with spaCy's displaCy (`briefing.nlp`);
# 4. cross-check the arithmetic (`briefing.check`) and read each finding with its sums;
# 5. re-typeset the bulletin as a standard Word briefing (`briefing.render`).
#
# The bulletin used here, `corpora/qinghe_zwxx_2023_057.txt`, is an **invented, illustrative
# sample** shipped with the project (青河市 and its 东城区 do not exist); its planted errors
# are documented in `corpora/README.md`.
#
# The notebook is stored as a jupytext "percent" script (`notebooks/01_quickstart.py`);
# open it in Jupyter with jupytext installed, or run `jupytext --to ipynb` on it.
# CI executes it top to bottom (`tests/test_notebooks.py`).

# %%
import dataclasses
import os
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

import briefing
from briefing import check, extract, read, render

pd.set_option("display.max_colwidth", 80)
print("briefing", briefing.__version__)


# %%
def find_repo() -> Path:
    """The project folder holding ``corpora/``: $BRIEFING_REPO, or a parent of the current
    folder, or a parent of the installed package (an editable install)."""
    starts = [os.environ.get("BRIEFING_REPO"), Path.cwd(), Path(briefing.__file__).parent]
    for start in starts:
        if not start:
            continue
        for folder in [Path(start), *Path(start).resolve().parents]:
            if (folder / "corpora" / "README.md").is_file():
                return folder
    raise FileNotFoundError("corpora/ not found: set BRIEFING_REPO to the briefing checkout")


REPO = find_repo()
# Files this notebook writes go to $BRIEFING_NOTEBOOK_OUT, or a fresh temporary folder.
OUT = Path(os.environ.get("BRIEFING_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="briefing-"))
OUT.mkdir(parents=True, exist_ok=True)
SAMPLE = REPO / "corpora" / "qinghe_zwxx_2023_057.txt"
SAMPLE.relative_to(REPO)

# %% [markdown]
# ## 1. Read the bulletin
#
# `briefing.read` detects the format (.txt in any common Chinese encoding, .docx, .html,
# .pdf) and returns a `Document`. `doc.text` is the plain text every offset below refers
# to; `doc.meta` holds what the masthead, title block and 版记 say. Fields the document
# does not state stay empty — nothing is guessed.

# %%
doc = read(SAMPLE)
meta = pd.Series(dataclasses.asdict(doc.meta), name="value").to_frame()
meta

# %%
print(f"{len(doc.text)} characters, {len(doc.blocks)} blocks, {len(doc.sentences)} sentences")
print(f"format={doc.format} encoding={doc.encoding} script={doc.script}")
for block in doc.headings:
    print(f"level {block.level}: {doc.text[block.start : block.end]}")

# %% [markdown]
# ## 2. Figures as a DataFrame
#
# `briefing.extract` finds every figure with its unit, the number of decimals written
# (its precision), a qualifier (约/余/近…), and the metric, subject and period the
# sentence attaches to it. `figures_frame` turns the list into a typed DataFrame: exact
# values stay strings (`value`, `base_value`); `value_float`/`base_float` are for plotting.

# %%
from briefing.extraction.frame import figures_frame

figures = extract(doc)
df = figures_frame(figures)
assert len(df) == len(figures) and (df["end"] > df["start"]).all()
shown = ["id", "text", "kind", "value", "unit", "base_value", "qualifier", "metric", "period"]
df[shown]

# %%
df.groupby("kind").size().sort_values(ascending=False).rename("figures").to_frame()

# %% [markdown]
# Money figures are comparable once on the base unit (元), e.g. the largest amounts:

# %%
money = df[df["kind"] == "money"]
money.nlargest(5, "base_float")[["text", "base_value", "metric", "subject", "section"]]

# %% [markdown]
# ## 3. The figures highlighted in the text (displaCy)
#
# `briefing.nlp.load()` is a spaCy pipeline (blank Chinese + a jieba tokenizer that uses
# only the domain dictionary + the `briefing_figures` component). Each figure becomes a
# span in `doc.spans["figures"]`, labelled with its kind, with the extracted attributes on
# `span._`.

# %%
from spacy import displacy

import briefing.nlp

nlp = briefing.nlp.load()
sdoc = nlp(doc.text)
spans = sdoc.spans["figures"]
assert [s.text for s in spans] == [f.text for f in figures]
pd.DataFrame(
    [(s.text, s.label_, s._.value, s._.unit, s._.metric) for s in list(spans)[:10]],
    columns=["span", "label", "value", "unit", "metric"],
)

# %%
# The section with the planted arithmetic error (二、…), figures highlighted.
section = next(b for b in doc.headings if doc.text[b.start : b.end].startswith("二、"))
following = [b for b in doc.headings if b.start > section.start and b.level == section.level]
end = following[0].start if following else len(doc.text)
html = displacy.render(
    nlp(doc.text[section.start : end]),
    style="span",
    options={"spans_key": "figures"},
    jupyter=False,
)
display(HTML(html))

# %% [markdown]
# ## 4. Check the arithmetic
#
# `briefing.check` recognizes the arithmetic relations a careful editor would verify —
# rates, sums, 其中-parts, growth, 时间进度 gaps, durations, enumerations, ordinals — and
# judges each one with the precision each figure was written with (a figure written with
# one decimal stands for ±0.05). Relations that do not hold become findings (codes BR1xx
# for arithmetic errors, BR2xx for typographical warnings).

# %%
report = check(doc, figures)
relations = pd.DataFrame(
    [(r.code, r.rule, r.status, r.formula) for r in report.relations],
    columns=["code", "rule", "status", "formula"],
)
relations

# %%
relations.groupby(["rule", "status"]).size().unstack(fill_value=0)

# %%
findings = pd.DataFrame(
    [(f.code, f.severity, f.message, f.message_en, f.stated, f.expected) for f in report.findings],
    columns=["code", "severity", "message", "message_en", "stated", "expected"],
)
findings

# %% [markdown]
# Each finding points at its figures by offset into `doc.text`, so it can be shown in
# context together with the arithmetic behind it:

# %%
for f in report.findings:
    i = doc.sentence_at(f.start)
    where = doc.sentences[i] if i is not None else f
    context = doc.text[where.start : where.end]
    print(f"{f.code} [{f.severity}] {f.message}")
    print(f"    {f.message_en}")
    for ref in f.figures:
        assert doc.text[ref.start : ref.end] == ref.text
        print(f"    {ref.role:>6}: {ref.text}  (offset {ref.start}-{ref.end})")
    print(f"    context: {context}\n")

# %% [markdown]
# The sample has two planted errors (see `corpora/README.md`): a completion rate that
# does not follow from its amounts (BR101) and a doubled character (BR201).

# %%
assert {"BR101", "BR201"} <= {f.code for f in report.findings}
assert report.errors, "the planted BR101 error should be reported with severity error"

# %% [markdown]
# ## 5. Render the standard briefing
#
# `briefing.render` writes a .docx in the standard layout (GB/T 9704 measures: A4,
# 版心 156 × 225 mm, 3号仿宋 body, red 简报 masthead, 版记 at the foot). Metadata the
# bulletin does not state stays out of the masthead.

# %%
out_docx = render(doc, OUT / f"{SAMPLE.stem}.docx")
print(out_docx, f"{out_docx.stat().st_size:,} bytes")

# %%
import docx  # python-docx, to look inside the file we just wrote

rendered = docx.Document(str(out_docx))
section0 = rendered.sections[0]
print(f"page {section0.page_width.mm:.0f} × {section0.page_height.mm:.0f} mm")
pd.DataFrame(
    [(p.style.name, p.text[:40]) for p in rendered.paragraphs if p.text.strip()][:12],
    columns=["style", "text"],
)

# %%
assert any(doc.meta.title.split()[0] in p.text for p in rendered.paragraphs)
