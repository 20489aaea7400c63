"""The columns of a unit tree file, and the words its 类型 column accepts for each kind.

People write what a unit is (医院, 疾控中心, 科), not the product's three levels. Each word maps
to one kind; the import page's help and the template's drop-down are made from this table:

| kind (label)        | words accepted                                                |
|---------------------|---------------------------------------------------------------|
| ORGANISATION (机关) | 机关 委机关 卫健委 卫生健康委 卫生健康委员会 委员会 卫健局    |
|                     | 卫生健康局 卫生局 局 委                                       |
| UNIT (单位):        | 单位 直属单位 医院 院 中心 卫生院 乡镇卫生院 社区卫生服务中心 |
| an affiliated unit  | 社区卫生服务站 疾控中心 疾病预防控制中心 妇幼保健院 妇幼保健所 |
|                     | 急救中心 血站 中心血站 卫生监督所 监督所 站 所                |
| DEPARTMENT (科室)   | 科室 科 部 部门 处 处室 室 病区 办公室                         |

A blank 类型 keeps an existing unit's kind; a new unit takes the kind of its level in the tree
the file makes (KIND_AT_DEPTH): the root is the organisation, its children units, deeper nodes
departments.
"""

from __future__ import annotations

from volunteer.imports.columns import Column, FileColumns, header_key
from volunteer.texts import N_
from volunteer.units.models import UnitKind

CODE, NAME, PARENT, KIND = "编码", "名称", "上级编码", "类型"

KIND_WORDS: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.ORGANISATION: (
        "机关",
        "委机关",
        "卫健委",
        "卫生健康委",
        "卫生健康委员会",
        "委员会",
        "卫健局",
        "卫生健康局",
        "卫生局",
        "局",
        "委",
    ),
    UnitKind.UNIT: (
        "单位",
        "直属单位",
        "医院",
        "院",
        "中心",
        "卫生院",
        "乡镇卫生院",
        "社区卫生服务中心",
        "社区卫生服务站",
        "疾控中心",
        "疾病预防控制中心",
        "妇幼保健院",
        "妇幼保健所",
        "急救中心",
        "血站",
        "中心血站",
        "卫生监督所",
        "监督所",
        "站",
        "所",
    ),
    UnitKind.DEPARTMENT: ("科室", "科", "部", "部门", "处", "处室", "室", "病区", "办公室"),
}
# Also the stored values, so a file written by another tool of the product reads back.
_KIND_BY_KEY = {
    **{header_key(kind.value): kind for kind in UnitKind},
    **{header_key(word): kind for kind, words in KIND_WORDS.items() for word in words},
}
# Root, its children, and everything deeper.
KIND_AT_DEPTH = (UnitKind.ORGANISATION, UnitKind.UNIT, UnitKind.DEPARTMENT)


def kind_for_word(word: str) -> UnitKind | None:
    """Return the kind a 类型 cell means (half-width or full-width, any spaces), or None."""
    return _KIND_BY_KEY.get(header_key(word))


def kind_at_depth(depth: int) -> UnitKind:
    """Return the kind a new unit takes at this level of the tree (0: the root)."""
    return KIND_AT_DEPTH[min(max(depth, 0), len(KIND_AT_DEPTH) - 1)]


UNIT_FILE = FileColumns(
    title=N_("单位"),
    columns=(
        Column(
            CODE,
            ("单位编码", "单位代码", "代码", "编号", "单位编号", "机构编码", "机构代码"),
            required=True,
            example="H01",
            text=True,
            hint=N_("长期不变；导入职工名册时用它指明单位"),
        ),
        Column(
            NAME,
            ("单位名称", "机构名称", "部门名称", "科室名称", "全称"),
            required=True,
            example="市第一人民医院",
        ),
        Column(
            PARENT,
            (
                "上级单位编码",
                "上级代码",
                "上级单位代码",
                "上级机构编码",
                "上级编号",
                "父级编码",
                "上级",
            ),
            required=True,
            example="WJW",
            text=True,
            hint=N_("只有根单位（委机关）留空；上级可以写在下级之后"),
        ),
        Column(
            KIND,
            ("单位类型", "机构类型", "类别", "层级", "级别"),
            example="医院",
            choices=tuple(word for words in KIND_WORDS.values() for word in words),
            hint=N_(
                "留空时：已有单位保持原类型，新单位按层级推断（根为机关，其下为单位，再下为科室）"
            ),
        ),
    ),
)
