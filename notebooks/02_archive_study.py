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
# # A bulletin archive as data: investment, project starts and arithmetic errors
#
# This notebook reads a whole folder of bulletins with `briefing.read_corpus` and studies it
# with pandas and matplotlib:
#
# * which places and periods the archive covers (district and year, from the metadata);
# * **investment completion rates** — 完成投资 as a share of the 年度计划 — as the bulletins
#   state them and as their own amounts give them;
# * **projects started** (新开工 / 已开工 counts);
# * **findings per document**: how often the arithmetic in a bulletin does not add up;
# * plots with Chinese labels, and an export to Parquet that is queried back with pandas.
#
# **About the data.** `corpora/` holds **invented, illustrative samples** written for this
# project: 青河市 with its districts 东城区 and 南湖区, 临江县 and its town 西山镇 do not exist,
# and neither do their projects or figures; several samples have arithmetic errors planted on
# purpose (`corpora/README.md` lists them). Numbers below describe these samples, not any
# real place. To study a real archive as well, name its folder in the environment variable
# `BRIEFING_REAL_ARCHIVE` before starting Jupyter; its rows are then marked `real` in the
# `collection` column (and ［实］ in the plot). The outputs stored with this notebook are of
# the invented samples only: real bulletins stay outside the repository.
#
# Stored as a jupytext "percent" script; CI executes it top to bottom.

# %%
import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files, not windows: this notebook also runs headless in CI
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display

import briefing
from briefing.plotting import use_cjk_font

pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 160)


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
# Files this notebook writes (plots, Parquet) go to $BRIEFING_NOTEBOOK_OUT or a temp folder.
OUT = Path(os.environ.get("BRIEFING_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="briefing-study-"))
OUT.mkdir(parents=True, exist_ok=True)
os.chdir(REPO)  # paths in the tables are then relative to the checkout
SOURCES = [Path("corpora")]
REAL = os.environ.get("BRIEFING_REAL_ARCHIVE")  # a folder of real bulletins, if any
if REAL and Path(REAL).is_dir():
    SOURCES.append(Path(REAL))
[str(s) for s in SOURCES]

# %% [markdown]
# ## 1. Read the archive
#
# `read_corpus` reads, extracts and checks every .txt/.docx/.html/.pdf file under the
# folders (in worker processes when there are many) and returns linked DataFrames:
# `documents`, `figures`, `relations`, `relation_operands` (each relation's figures with
# their roles), `findings`, `errors` and `archive_findings`; `doc_id` joins them.
# A file that cannot be read becomes a row of `errors` instead of stopping the run.

# %%
corpus = briefing.read_corpus(SOURCES)
print(corpus)
corpus.errors

# %%
corpus.documents[["path", "format", "encoding", "title", "date", "n_figures", "n_findings"]]

# %% [markdown]
# ### One row per bulletin
#
# The sample corpus holds several copies of some bulletins: the master .txt, a GB18030
# re-encoding, a traditional-character re-publication, and .docx/.html/.pdf versions. They
# are useful for testing the readers, but a study should count each bulletin once. The copies
# share a file stem (`name`, `name.gb18030`, `name_trad`); we keep the plain-text master and
# fall back to .docx, .html, then .pdf.
#
# Comparing the copies is itself instructive: the number of figures and findings per format
# shows where a reader loses or adds something (PDF text extraction is the weakest link).

# %%
docs = corpus.documents.copy()
docs["bulletin"] = docs["path"].str.extract(
    r"([^/\\]+?)(?:_trad)?(?:\.gb18030)?\.(?:txt|docx|html?|pdf)$", expand=False
)
docs["variant"] = docs["format"].where(
    ~docs["path"].str.contains(r"\.gb18030\.|_trad\."),
    docs["format"] + docs["path"].str.extract(r"(\.gb18030|_trad)\.", expand=False),
)
docs.pivot_table(index="bulletin", columns="variant", values="n_figures", aggfunc="first")

# %%
docs.pivot_table(index="bulletin", columns="variant", values="n_findings", aggfunc="first")

# %%
preference = {"txt": 0, "docx": 1, "html": 2, "htm": 2, "pdf": 3}
docs["copy_rank"] = docs["variant"].map(preference).fillna(9)
master = docs.sort_values(["bulletin", "copy_rank"]).drop_duplicates("bulletin").copy()
print(f"{len(docs)} files, {len(master)} distinct bulletins")

# %% [markdown]
# ## 2. District and period from the metadata
#
# `documents.place` is the place a bulletin reports on: the leading place name of its
# **source** (来源: 青河市东城区发展和改革局 → 东城区), else of its **title** (西山镇一季度… →
# 西山镇), else of its **issuer** (编发单位). The year is that of the bulletin's date.
#
# Real archives do not always say either: a portal excerpt may carry no 来源 line and no
# date. Such bulletins are kept (their figures and findings count) under the district
# `（未注明）` and year `<NA>`, rather than dropped or guessed.

# %%
UNKNOWN = "（未注明）"
master["district"] = master["place"].fillna(UNKNOWN)
master["year"] = pd.to_datetime(master["date"], errors="coerce").dt.year.astype("Int64")
master["collection"] = master["path"].map(
    lambda p: "sample" if Path(p).parts[0] == "corpora" else "real"
)
print(
    f"{(master['district'] == UNKNOWN).sum()} of {len(master)} bulletins name no district, "
    f"{master['year'].isna().sum()} have no date"
)
master[["bulletin", "collection", "district", "year", "date", "title", "source"]].sort_values(
    ["district", "year", "bulletin"]
)

# %%
# Restrict every table to the master copies and attach district and year.
keys = master[["doc_id", "bulletin", "collection", "district", "year"]]
figures = corpus.figures.merge(keys, on="doc_id")
operands = corpus.relation_operands.merge(keys, on="doc_id")
findings = corpus.findings.merge(keys, on="doc_id")
pd.crosstab(
    master["district"],
    master["year"].astype("string").fillna("—"),
    margins=True,
    margins_name="合计",
)

# %% [markdown]
# ## 3. Investment completion rates
#
# `briefing.check` recognizes each "完成投资 X，占年度计划 Y 的 Z%" as a `ratio` relation
# whose figures have roles `part`, `whole` and `rate`. The `relation_operands` table has
# one row per operand, with its role, value in base units, metric and canonical
# `metric_key` (完成投资 and 累计完成投资 are both `投资`; 年度计划投资 and 年度投资计划 are
# both `年度+投资+计划`), so one pivot puts part, whole and rate side by side. We select
# the relations whose part measures investment and whose whole (or rate) names a plan or
# target, and compare the **stated** rate with the one the bulletin's own amounts give.
# The headline rate of a bulletin is the first such relation in it. Where the plan is not
# stated the relation is `unverifiable` and only the stated rate is known.

# %%
ratio = operands[operands["rule"] == "ratio"]
wide = ratio.pivot_table(
    index=["doc_id", "relation_no", "status"],
    columns="role",
    values=["metric_key", "period", "base_value_float"],
    aggfunc="first",
)
wide.columns = [f"{role}_{what}" for what, role in wide.columns]
wide = wide.reset_index()
wide.filter(like="_metric_key").head()

# %%
PLAN = r"计划|目标"
is_completion = wide["part_metric_key"].eq("投资") & (
    wide["whole_metric_key"].str.contains(PLAN, na=False)
    | wide["rate_metric_key"].str.contains(PLAN, na=False)
)
formulas = corpus.relations[["doc_id", "relation_no", "formula"]]
completion = (
    wide[is_completion]
    .sort_values(["doc_id", "relation_no"])
    .drop_duplicates("doc_id")
    .merge(keys, on="doc_id")
    .merge(formulas, on=["doc_id", "relation_no"])
)
completion["完成投资（亿元）"] = completion["part_base_value_float"] / 1e8
completion["年度计划（亿元）"] = completion["whole_base_value_float"] / 1e8
completion["文中完成率%"] = completion["rate_base_value_float"]
completion["计算完成率%"] = (
    completion["part_base_value_float"] / completion["whole_base_value_float"] * 100
).round(2)
columns = ["part_period", "完成投资（亿元）", "年度计划（亿元）", "文中完成率%", "计算完成率%"]
completion_table = completion.set_index(["district", "year", "bulletin"]).sort_index()
completion_table = completion_table[[*columns, "status"]].rename(columns={"part_period": "period"})
completion_table

# %% [markdown]
# The rates are stated at different points of the year (`period`: 1-2月, 截至5月底, 1-7月 …),
# so they say how far each plan had got at the time of the bulletin, not which place did
# better. Where the stated and computed rates disagree the bulletin has an arithmetic error
# (status `inconsistent`) or rounded an operand (`rounding`).

# %%
assert len(completion) >= 4, "the samples state several completion rates"
agrees = completion["status"].isin(["consistent", "rounding", "unverifiable"])
completion.loc[~agrees, ["bulletin", "formula", "status"]]

# %% [markdown]
# ## 4. Projects started
#
# Counts (`kind == "count"`) whose metric is 新开工 or 开工 (projects due to start, often
# the annual list) and 已开工 (projects actually under way). A bulletin may repeat a figure
# (a summary and a section both say 新开工项目12个), so each bulletin contributes the first
# figure of each metric.

# %%
starts = figures[
    (figures["kind"] == "count") & figures["metric"].isin(["新开工", "开工", "已开工"])
]
starts = starts.assign(
    measure=starts["metric"].map(
        {"新开工": "新开工（计划）", "开工": "新开工（计划）", "已开工": "已开工"}
    )
)
per_doc = (
    starts.sort_values(["doc_id", "start"])
    .drop_duplicates(["doc_id", "measure"])
    .pivot_table(index=["district", "year", "bulletin"], columns="measure", values="value_float")
)
per_doc

# %%
starts_table = per_doc.groupby(level=["district", "year"]).sum(min_count=1)
starts_table

# %% [markdown]
# ## 5. Findings per document
#
# `n_findings` counts everything `briefing.check` raised in a bulletin: `n_errors` the
# arithmetic that does not hold (severity `error`), `n_warnings` the doubtful cases
# (rounding or truncation, doubled characters, unbalanced quotes); the remaining `info`
# findings note relations that could not be verified because an operand is not stated.

# %%
by_place = master.groupby(["district", "year"]).agg(
    documents=("doc_id", "size"),
    findings=("n_findings", "sum"),
    errors=("n_errors", "sum"),
    warnings=("n_warnings", "sum"),
    relations=("n_relations", "sum"),
)
by_place["findings_per_doc"] = (by_place["findings"] / by_place["documents"]).round(2)
by_place

# %%
codes = pd.crosstab(findings["code"], findings["district"], margins=True, margins_name="合计")
codes

# %%
findings[["bulletin", "code", "severity", "message"]].sort_values(["bulletin", "code"])

# %% [markdown]
# ## 6. Plots with Chinese labels
#
# matplotlib's default font (DejaVu Sans) has no Chinese glyphs and would draw every
# character as an empty box. `briefing.plotting.use_cjk_font()` finds an installed CJK font
# (Noto Sans CJK SC from the Debian package fonts-noto-cjk, or AR PL UKai/UMing) and makes it
# the default; it raises an error naming the package to install when there is none.

# %%
font = use_cjk_font()
print("CJK font:", font)

plot = completion.sort_values(["year", "district"]).reset_index(drop=True)
# Real bulletins (BRIEFING_REAL_ARCHIVE) are marked ［实］; the others are invented samples.
labels = [
    f"{r.district} {r.year}年（{r.part_period or '—'}）{'［实］' if r.collection == 'real' else ''}"
    for r in plot.itertuples(index=False)
]
fig, ax = plt.subplots(figsize=(8, 0.55 * len(plot) + 1.6))
y = range(len(plot))
ax.barh(y, plot["文中完成率%"], color="#c0392b", alpha=0.8, label="文中所述完成率")
ax.scatter(plot["计算完成率%"], y, color="black", zorder=3, label="按金额计算")
ax.set_yticks(list(y), labels)
ax.invert_yaxis()
ax.set_xlabel("完成投资占年度计划（%）")
ax.set_title("重点项目投资完成率（文中所述与按金额计算）")
ax.set_xlim(0, max(100.0, plot[["文中完成率%", "计算完成率%"]].max().max() * 1.1))
ax.legend(loc="lower right")
for i, r in plot.iterrows():
    x = max(r["文中完成率%"], r["计算完成率%"]) if pd.notna(r["计算完成率%"]) else r["文中完成率%"]
    ax.annotate(
        f"{r['文中完成率%']:g}%", (x, i), xytext=(6, -3), textcoords="offset points", fontsize=8
    )
fig.tight_layout()
completion_png = OUT / "completion_rates.png"
fig.savefig(completion_png, dpi=120)
plt.close(fig)
display(Image(filename=str(completion_png)))

# %% [markdown]
# The chart of findings per place separates their weight: **errors** (arithmetic that does
# not hold) and **warnings** (rounding, truncation, typos) are stacked, while **info** notes
# (a relation that could not be verified, an implied whole) are drawn apart, hatched, since
# they report no mistake.

# %%
SEVERITIES = {
    "error": ("错误", "#c0392b"),
    "warning": ("警告", "#e69f00"),
    "info": ("提示", "#9e9e9e"),
}
counts = pd.crosstab(findings["district"], findings["severity"]).reindex(
    columns=list(SEVERITIES), fill_value=0
)
fig, ax = plt.subplots(figsize=(8, 4))
x = range(len(counts))
bottom = pd.Series(0, index=counts.index)
for severity in ("error", "warning"):
    label, colour = SEVERITIES[severity]
    ax.bar(
        [i - 0.2 for i in x], counts[severity], width=0.4, bottom=bottom, label=label, color=colour
    )
    bottom = bottom + counts[severity]
label, colour = SEVERITIES["info"]
ax.bar(
    [i + 0.2 for i in x], counts["info"], width=0.4, label=label, color="white",
    edgecolor=colour, hatch="//",
)  # fmt: skip
ax.set_xticks(list(x), counts.index)
ax.set_ylim(0, max(bottom.max(), counts["info"].max()) * 1.35 + 1)
ax.set_ylabel("发现问题数")
ax.set_title("各地简报核查发现的问题（错误、警告与提示分列）")
ax.legend(title="严重程度", ncol=3, fontsize=8)
fig.tight_layout()
findings_png = OUT / "findings_by_severity.png"
fig.savefig(findings_png, dpi=120)
plt.close(fig)
display(Image(filename=str(findings_png)))
counts

# %% [markdown]
# ## 7. Export to Parquet and query it back
#
# Parquet keeps the column types (nullable integers, strings, floats), so the tables come
# back exactly as written. `pd.read_parquet` can read only some columns and filter rows
# while reading (`filters`), which matters once an archive has millions of figures.

# %%
parquet_dir = OUT / "parquet"
parquet_dir.mkdir(exist_ok=True)
for name, table in corpus.tables().items():
    table.to_parquet(parquet_dir / f"{name}.parquet", index=False)
sorted(p.name for p in parquet_dir.iterdir())

# %%
for name, table in corpus.tables().items():
    back = pd.read_parquet(parquet_dir / f"{name}.parquet")
    pd.testing.assert_frame_equal(back, table.reset_index(drop=True))
print("all tables read back identical")

# %% [markdown]
# Read back only the 完成投资 amounts (column selection and row filters are applied while
# reading) and list the largest one per place. Note that a figure tagged 完成投资 may be a
# target (全年完成投资600亿元) rather than an achievement: the `period` column tells.

# %%
money = pd.read_parquet(
    parquet_dir / "figures.parquet",
    columns=["doc_id", "text", "base_value_float", "metric", "subject", "period"],
    filters=[("kind", "==", "money"), ("metric", "==", "完成投资")],
)
top = (
    money.merge(keys, on="doc_id")
    .sort_values("base_value_float", ascending=False)
    .groupby("district")
    .head(1)
)
top[["district", "year", "text", "subject", "period", "bulletin"]]

# %%
errors_back = pd.read_parquet(parquet_dir / "findings.parquet").query("severity == 'error'")
errors_back.merge(keys, on="doc_id").groupby(["district", "code"]).size().rename("errors")
