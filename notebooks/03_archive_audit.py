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
# # An archive audit: do a district's bulletins agree with each other?
#
# A district publishes a progress bulletin every month or quarter. Each one restates
# figures of the earlier ones: the running total 1-N月 完成投资, the annual plan, last
# year's figure behind a 同比 rate. This notebook loads such a series, runs the checks
# **across** documents (`briefing.check_corpus`, codes BR301-BR303), and plots the
# district's monthly completion against its 时间进度 with the inconsistencies marked.
#
# **About the data.** `corpora/series/` holds **invented** bulletins of the invented
# 青河市东城区 (and one of 南湖区), written for this project with three planted
# inconsistencies and several traps that must not be reported (a forecast, a revised plan,
# a figure rounded to fewer digits, another district). No figure describes a real place.
#
# Stored as a jupytext "percent" script paired with an .ipynb that holds its outputs;
# `python scripts/build_notebooks.py 03_archive_audit` re-executes it.

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

pd.set_option("display.max_colwidth", 80)
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
OUT = Path(os.environ.get("BRIEFING_NOTEBOOK_OUT") or tempfile.mkdtemp(prefix="briefing-audit-"))
OUT.mkdir(parents=True, exist_ok=True)
os.chdir(REPO)  # paths in the tables are relative to the checkout
SERIES = Path("corpora") / "series"

# %% [markdown]
# ## 1. Load the folder
#
# `read_corpus` reads every bulletin of the folder. Each figure carries its canonical
# `metric_key`, the `place` named in its sentence, and its period normalised to a calendar
# span (`period_start`, `period_end`, `period_cumulative`), anchored on the bulletin's date.

# %%
corpus = briefing.read_corpus(SERIES, jobs=1)
print(corpus)
docs = corpus.documents.assign(file=corpus.documents["path"].map(lambda p: Path(p).name))
docs[["file", "date", "place", "title", "n_findings"]].sort_values("date")

# %% [markdown]
# Every bulletin passes the checks of a single document (`n_findings` is 0): the
# arithmetic inside each one holds.

# %%
figs = corpus.figures.merge(docs[["doc_id", "file", "date"]], on="doc_id")
figs["scope"] = figs["place"].fillna(figs["doc_id"].map(docs.set_index("doc_id")["place"]))
figs.loc[
    figs["kind"].isin(["money", "count"]) & figs["metric_key"].notna(),
    ["file", "text", "metric", "metric_key", "scope", "period", "period_start", "period_end"],
].head(12)

# %% [markdown]
# ## 2. Check the archive against itself
#
# * **BR301** (error) — the same metric, scope and period stated with different values in
#   two bulletins (judged at reported precision: 37亿元 may be 37.5亿元 rounded);
# * **BR302** (error) — a running total (1-N月, 截至N月底) that falls from one period to a
#   later one;
# * **BR303** (warning) — a 同比 rate that disagrees with last year's bulletin of the archive.
#
# Targets and forecasts (力争, 预计), revised figures (调整后), other places and copies of
# one bulletin are not compared.

# %%
found = briefing.check_corpus(corpus)
found.assign(
    file=found["path"].map(lambda p: Path(p).name),
    other_file=found["other_path"].map(lambda p: Path(p).name),
)[["code", "severity", "file", "text", "other_file", "other_text", "expected"]]

# %%
for row in found.itertuples():
    print(f"{row.code} {row.severity}: {row.message}\n    {row.message_en}\n")

# %% [markdown]
# ## 3. Monthly completion of 东城区 against 时间进度
#
# The running total of 完成投资 (metric key `投资`) of the district's 重点项目, one point per
# bulletin and period, for each year; next to it the share of the annual plan the bulletins
# state (metric key `年度+投资+计划`, a percentage) against 时间进度 — the share of the year
# gone by at the end of the period. Forecasts (预计) are left out; figures reported by the
# archive checks are circled and labelled with their code.

# %%
DISTRICT = "东城区"
ytd = figs[
    (figs["scope"] == DISTRICT)
    & figs["period_cumulative"].fillna(False)
    & figs["period_start"].str.endswith("-01-01").fillna(False)
    & ~figs["context"].fillna("").str.contains("预计|力争|调整后全年")
].copy()
ytd["year"] = ytd["period_end"].str.slice(0, 4)
ytd["month"] = ytd["period_end"].str.slice(5, 7).astype(int)
amounts = ytd[(ytd["metric_key"] == "投资") & (ytd["kind"] == "money")].copy()
amounts["亿元"] = amounts["base_value_float"] / 1e8
rates = ytd[(ytd["metric_key"] == "年度+投资+计划") & (ytd["kind"] == "percent")].copy()
rates["完成率%"] = rates["value_float"]
rates["时间进度%"] = (rates["month"] / 12 * 100).round(1)
flagged = set(zip(found["doc_id"], found["figure_id"], strict=True))
amounts["flag"] = [
    ", ".join(found.loc[(found["doc_id"] == d) & (found["figure_id"] == f), "code"])
    for d, f in zip(amounts["doc_id"], amounts["figure_id"], strict=True)
]
amounts.sort_values(["year", "month", "date"])[["year", "month", "file", "text", "亿元", "flag"]]

# %%
rates.sort_values(["year", "month"])[["year", "month", "file", "text", "完成率%", "时间进度%"]]

# %%
font = use_cjk_font()
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
for year, colour in (("2023", "#7f7f7f"), ("2024", "#1f77b4")):
    a = amounts[amounts["year"] == year].sort_values(["month", "date"])
    left.plot(a["month"], a["亿元"], "o-", color=colour, label=f"{year}年")
    r = rates[rates["year"] == year].sort_values("month")
    right.plot(r["month"], r["完成率%"], "o-", color=colour, label=f"{year}年 完成率")
# the inconsistencies: the reported figure circled, with its code
for row in amounts[amounts["flag"] != ""].itertuples():
    left.scatter(row.month, row.亿元, s=220, facecolors="none", edgecolors="#c0392b", linewidths=2)
    left.annotate(row.flag, (row.month, row.亿元), xytext=(8, -14), textcoords="offset points",
                  color="#c0392b", fontsize=9)  # fmt: skip
for row in found[found["code"] == "BR303"].itertuples():
    value = amounts[(amounts["doc_id"] == row.doc_id)].iloc[0]
    left.scatter(value["month"], value["亿元"], s=220, facecolors="none", edgecolors="#e69f00",
                 linewidths=2)  # fmt: skip
    left.annotate(f"{row.code} 同比{row.stated}≠{row.expected}", (value["month"], value["亿元"]),
                  xytext=(-150, -4), textcoords="offset points", color="#b36b00", fontsize=9)  # fmt: skip
left.set_xlabel("月份（截至该月的累计数）")
left.set_ylabel("累计完成投资（亿元）")
left.set_title(f"{DISTRICT}重点项目累计完成投资")
left.set_xticks(range(1, 13))
left.legend(loc="upper left")
months = range(1, 13)
right.plot(months, [m / 12 * 100 for m in months], "--", color="black", label="时间进度")
right.set_xlabel("月份")
right.set_ylabel("占年度计划（%）")
right.set_title("完成率与时间进度")
right.set_xticks(range(1, 13))
right.set_ylim(0, 100)
right.legend(loc="upper left")
fig.tight_layout()
audit_png = OUT / "archive_audit.png"
fig.savefig(audit_png, dpi=110)
plt.close(fig)
display(Image(filename=str(audit_png)))

# %% [markdown]
# Reading the chart: in 2024 the running total falls from 1-6月 to 1-7月 (BR302) — one of
# the two bulletins is wrong, and no check of a single bulletin could see it. The 1-9月
# bulletin states a 同比 growth (BR303) that last year's 1-9月 bulletin does not give. The
# completion rate of 1-7月 is below 1-6月's because the plan was raised in July (调整后
# 130亿元): a revised plan, announced as such, which the checks leave alone. The third
# finding (BR301) is a count: 新开工项目 for the first half stated as 18 in the June
# bulletin and 20 in the half-year summary.

# %%
print(f"{len(found)} findings across {found['doc_id'].nunique()} bulletins:")
found.groupby(["code", "severity"]).size().rename("findings")
