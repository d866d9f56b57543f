"""Chinese labels for what briefing shows editors: figure kinds, severities, relation
statuses and rules (the HTML report, the triage sheet and the briefing's appendix)."""

from __future__ import annotations

KIND_LABELS: dict[str, str] = {
    "money": "金额",
    "count": "数量",
    "percent": "百分比",
    "ppoint": "百分点",
    "area": "面积",
    "mass": "重量",
    "length": "长度",
    "energy": "能源",
    "volume": "体积",
    "duration": "时长",
    "multiple": "倍数",
    "ratio": "比例",
    "yield": "单产",
    "price": "单价",
    "per_capita": "人均",
    "rate_per_day": "日均量",
    "intensity": "强度",
    "speed": "速度",
    "density": "密度",
    "date": "日期",
    "ordinal": "序数",
    "name": "名称",
    "other": "其他",
}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABELS: dict[str, str] = {
    "consistent": "一致",
    "rounding": "舍入",
    "inconsistent": "不一致",
    "unverifiable": "无法核对",
}
RULE_LABELS: dict[str, str] = {
    "ratio": "占比",
    "sum": "分项合计",
    "subset": "其中部分",
    "enumeration": "列举项数",
    "growth": "增长",
    "ppoint": "百分点",
    "time_progress": "时间进度",
    "repeat": "同一指标",
    "duration": "时长",
    "ordinal": "序号",
    "range": "取值范围",
    "typo": "重字",
    "brackets": "引号括号",
    "average": "平均",
}


def label(table: dict[str, str], key: str | None) -> str:
    """The Chinese label of ``key`` in ``table`` (the key itself when there is none)."""
    if key is None:
        return ""
    return table.get(key, key)
