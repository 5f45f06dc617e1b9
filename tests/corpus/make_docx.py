"""Write the Word attachments of the corpus (nanchong_2023.docx) next to this script.

Run from the repository root:  .venv/bin/python tests/corpus/make_docx.py

The document is hand-written here cell by cell; its golden reading is nanchong_2023.spec.txt.
Layout exercised: split columns 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限, section rows
merged across the table (w:gridSpan), the header row marked w:tblHeader and repeated mid-table
(as after a page break), an empty 配合单位 cell, and 各县（市、区）人民政府 in a 牵头单位 cell.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.render import docx_from_body, p, tc, tr  # noqa: E402

HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
WIDTHS = (700, 4300, 1900, 2200, 1300)  # twentieths of a point, as Word writes w:tblGrid

# A row is (序号, 重点任务, 牵头单位, 配合单位, 完成时限); a str is a section row across the table;
# HEADER_AGAIN is the header row repeated after a page break.
HEADER_AGAIN = "header"
Row = tuple[str, str, str, str, str] | str

TABLE_1: tuple[Row, ...] = (
    "一、提升政务服务效能",
    (
        "1",
        "深化“一网通办”改革，推动高频政务服务事项“全程网办”，全市政务服务事项网上可办率稳定在95%以上。",
        "市政务服务和大数据管理局",
        "市级有关部门",
        "2023年底前",
    ),
    (
        "2",
        "推行企业开办“一日办结”，实现营业执照、公章刻制、涉税办理、社保登记等事项一次提交、同步办理。",
        "市市场监管局",
        "市公安局、市税务局、市人力资源社会保障局、市医保局",
        "2023年6月底前",
    ),
    ("3", "全面推行证明事项告知承诺制，动态调整告知承诺事项清单。", "市司法局", "市政务服务和大数据管理局", "长期坚持"),
    (
        "4",
        "推进“一件事一次办”集成服务改革，年内新增10项以上“一件事”集成套餐服务。",
        "市政务服务和大数据管理局",
        "市发展改革委、市民政局、市卫生健康委",
        "2023年底前",
    ),
    "二、优化市场准入和监管环境",
    (
        "5",
        "全面落实市场准入负面清单制度，开展违背市场准入负面清单案例排查归集。",
        "市发展改革委",
        "市商务局、市市场监管局",
        "长期坚持",
    ),
    (
        "6",
        "深化工程建设项目审批制度改革，社会投资简易低风险项目审批时间压减至15个工作日以内。",
        "市住房城乡建设局、各县（市、区）人民政府",
        "市自然资源规划局、市生态环境局",
        "2023年9月底前",
    ),
    (
        "7",
        "规范涉企行政检查，推行“双随机、一公开”跨部门联合监管，全年跨部门联合抽查占比达到30%以上。",
        "市市场监管局",
        "市级有关部门",
        "2023年底前",
    ),
    HEADER_AGAIN,
    (
        "8",
        "持续清理拖欠民营企业中小企业账款，建立防范和化解拖欠长效机制。",
        "市经信局",
        "市财政局、市国资委",
        "持续推进",
    ),
    "三、强化要素保障",
    ("9", "落实减税降费政策，推行“非接触式”办税缴费服务。", "市税务局", "市财政局", "长期坚持"),
    (
        "10",
        "深入开展“银企对接”活动，扩大普惠小微企业贷款投放。",
        "人行南充市中心支行",
        "南充银保监分局、市金融工作局",
        "2023年底前",
    ),
    (
        "11",
        "保障企业用工需求，开展“春风行动”等专项招聘活动，全年开展招聘活动100场以上。",
        "市人力资源社会保障局",
        "",
        "2023年底前",
    ),
)

TABLE_2: tuple[Row, ...] = (
    (
        "1",
        "提升“获得电力”服务水平，低压小微企业用电报装实现零上门、零审批、零投资。",
        "国网南充供电公司",
        "市发展改革委、市住房城乡建设局",
        "2023年底前",
    ),
    (
        "2",
        "压缩不动产登记办理时间，一般登记、抵押登记业务办理时间压缩至3个工作日以内。",
        "市自然资源规划局",
        "市税务局、市住房城乡建设局",
        "2023年6月底前",
    ),
    (
        "3",
        "推进水电气报装“一站式”服务，实现用水、用气报装全流程网上办理。",
        "市住房城乡建设局",
        "市政务服务和大数据管理局",
        "2023年底前",
    ),
    (
        "4",
        "建立营商环境问题线索受理和转办机制，及时回应企业诉求。",
        "市发展改革委",
        "市纪委监委机关、市政务服务和大数据管理局",
        "长期坚持",
    ),
)


def centred(text: str, bold: bool = False) -> str:
    """A centred paragraph, as titles are set."""
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{run_props}<w:t>{escaped}</w:t></w:r></w:p>'


def table(rows: tuple[Row, ...]) -> str:
    """A bordered table with a grid, the header row marked to repeat on each page."""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    props = f'<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in WIDTHS) + "</w:tblGrid>"
    header = tr(*(tc(p(h)) for h in HEADER), header=True)
    body = []
    for row in rows:
        if row == HEADER_AGAIN:
            body.append(header)
        elif isinstance(row, str):
            body.append(tr(tc(p(row), span=len(HEADER))))
        else:
            body.append(tr(*(tc(p(cell) if cell else "") for cell in row)))
    return f"<w:tbl>{props}{grid}{header}{''.join(body)}</w:tbl>"


def nanchong() -> bytes:
    body = [
        p("附件1"),
        centred("南充市2023年优化营商环境重点任务分工表", bold=True),
        table(TABLE_1),
        p(""),
        p("附件2"),
        centred("南充市2023年营商环境短板弱项提升清单", bold=True),
        table(TABLE_2),
        p(""),
    ]
    return docx_from_body("".join(body))


# Fixed archive times and document properties, so that running this script again gives the same bytes.
SAVED_AT = (2023, 3, 20, 9, 30, 0)
AUTHOR = "南充市人民政府办公室"


def reproducible(data: bytes) -> bytes:
    """The same Word package with fixed entry times and the issuing office as author."""
    return reproducible_as(data, AUTHOR, "2023-03-20T09:30:00")


def reproducible_as(data: bytes, author: str, saved: str) -> bytes:
    """The same Word package with fixed entry times, `author` as its creator and `saved` as its date."""
    saved = saved or "2023-03-20T09:30:00"
    date_time = tuple(int(x) for x in saved.replace("T", "-").replace(":", "-").split("-"))
    replacements = (
        ("<dc:creator>python-docx</dc:creator>", f"<dc:creator>{author}</dc:creator>" if author else "<dc:creator/>"),
        ("<dc:description>generated by python-docx</dc:description>", "<dc:description/>"),
        ("2013-12-23T23:15:00Z", f"{saved}Z"),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                for old, new in replacements:
                    text = text.replace(old, new)
                content = text.encode("utf-8")
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)  # type: ignore[arg-type]
            target.writestr(info, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    out = HERE / "nanchong_2023.docx"
    out.write_bytes(reproducible(nanchong()))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
