"""Write the Word documents of the inline corpus with python-docx.

Run from the repository root:  .venv/bin/python tests/corpus/inline/make_docx.py

One paragraph per heading, per measure and per label line, as the notices lay them out. The goldens
(<stem>.spec.txt, <stem>.tasks.tsv) were typed by hand from the paragraphs below. Document properties and
the zip entries' times are fixed, so the same paragraphs always give the same bytes.

    chuzhou_anhui.docx          labelled lines (牵头负责领导 / 牵头责任单位 / 协同责任单位 / 完成时限)
    lishui_zhejiang.docx        labelled lines (责任单位), first-listed convention in the notice
    heldback/anshan_liaoning.docx   labelled lines (分管市领导 / 牵头单位 / 责任单位 / 完成时限)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED = (2024, 1, 1, 0, 0, 0)
S = "\u3000\u3000"

# A paragraph is a str (body text), ("title", text), ("center", text), ("right", text) or ("bold", text).
CHUZHOU: list[object] = [
    ("title", "滁州市人民政府关于2020年市政府重点工作及责任分解的通知"),
    "各县、市、区人民政府，市政府各部门、各直属机构：",
    S + "2020年是全面建成小康社会和“十三五”规划收官之年。2020年市政府工作报告已经市第六届人民代表大会"
    "第三次会议审议通过，确定了10个方面重点工作，同时明确各项工作的牵头负责领导、牵头责任单位和协同责任单位。"
    "各地各部门要认真履职尽责，细化目标任务，确保各项目标任务高质量完成。",
    ("right", "滁州市人民政府"),
    ("right", "2020年1月22日"),
    ("bold", "一、确保完成全年主要预期目标"),
    "1. 地区生产总值增长8%以上。",
    "牵头负责领导：常务副市长。",
    "牵头责任单位：市发展改革委。",
    "协同责任单位：市经信局、市商务局、滁州经开区管委会、中新苏滁高新区管委会等，各县、市、区政府。",
    "2. 财政收入增长8%左右。",
    "牵头负责领导：常务副市长。",
    "牵头责任单位：市财政局。",
    "协同责任单位：市税务局、滁州海关。",
    "3. 固定资产投资增长10%以上。",
    "牵头负责领导：常务副市长。",
    "牵头责任单位：市发展改革委。",
    "协同责任单位：市经信局、市住建局、市交通局、市水利局，各县、市、区政府。",
    ("bold", "二、坚定不移推进制造业高质量发展"),
    "4. 深入实施“三重一创”建设，新增省级重大新兴产业基地1个。",
    "牵头负责领导：分管副市长。",
    "牵头责任单位：市发展改革委。",
    "协同责任单位：市经信局、市科技局。",
    "完成时限：2020年12月底前。",
    "5. 推动智能家电、新能源等首位产业集群发展，新增规上工业企业100户。",
    "牵头负责领导：分管副市长。",
    "牵头责任单位：市经信局。",
    "协同责任单位：滁州经开区管委会，各县、市、区政府。",
    "完成时限：2020年12月底前。",
    "6. 常态化开展“四送一服”专项行动，帮助企业解决实际困难。",
    "牵头负责领导：分管副市长。",
    "牵头责任单位：市经信局、市政府办公室。",
    "协同责任单位：市直有关部门。",
    ("bold", "三、持续增进民生福祉"),
    "7. 新建改扩建中小学、幼儿园20所（以下简称“学校建设工程”）。",
    "牵头负责领导：分管副市长。",
    "牵头责任单位：市教体局。",
    "协同责任单位：市发展改革委、市财政局、市自然资源和规划局，各县、市、区政府。",
    "完成时限：2020年8月底前。",
    "8. 做好城乡居民基本医疗保险参保工作，参保率稳定在95%以上。",
    "牵头负责领导：分管副市长。",
    "牵头责任单位：市医疗保障局。",
    "协同责任单位：市卫生健康委、市税务局。",
    ("bold", "四、工作要求"),
    "（一）压实工作责任。各牵头责任单位要细化工作方案，明确时间表和路线图。",
    "（二）加强督查考核。市政府督查室对重点工作实行季度调度，年底进行考核。",
]

LISHUI: list[object] = [
    ("title", "丽水市人民政府办公室关于印发市政府工作报告重点工作责任分解（2023年）的通知"),
    "各县（市、区）人民政府，市政府直属各单位：",
    S + "《市政府工作报告重点工作责任分解（2023年）》已经市政府同意，现印发给你们，请认真组织实施。"
    "除标注“分别牵头”外，责任单位中列第一位的为牵头单位。",
    ("right", "丽水市人民政府办公室"),
    ("right", "2023年2月20日"),
    ("center", "市政府工作报告重点工作责任分解（2023年）"),
    ("bold", "一、全市经济社会发展主要预期目标"),
    "1.生产总值增长6%以上，高质量前提下能快则快。",
    "责任单位：市发改委",
    "2.规上工业增加值增长8%。",
    "责任单位：市经信局",
    "3.研发投入强度达到2.3%。",
    "责任单位：市科技局",
    "4.城乡居民收入增速保持全省领先、农民收入增速快于城镇居民。",
    "责任单位：市人力社保局、市农业农村局分别牵头",
    ("bold", "二、重点抓好六方面工作"),
    "（一）全力以赴拼经济稳增长促发展。",
    "5.实施招商引资“百千”行动，每年招引亿元以上制造业项目100个。",
    "责任单位：市双招双引办、市发改委、市经信局，各县（市、区）政府、丽水开发区管委会",
    "6.扩大有效投资，全年完成重大项目投资500亿元。",
    "责任单位：市发改委、市财政局、市自然资源局",
    "（二）全力以赴推进生态产品价值实现。",
    "7.深化生态产品价值实现机制改革，完善GEP核算应用体系（试行）。",
    "责任单位：市发改委、市生态环境局",
    "8.推进“丽水山耕”品牌建设，区域公用品牌销售额增长10%。",
    "责任单位：市农业农村局、市市场监管局",
    "（三）全力以赴增进民生福祉。",
    "9.新增托位1000个，每千人口拥有3岁以下婴幼儿托位数达到4.5个。",
    "责任单位：市卫生健康委、市教育局，各县（市、区）政府",
    "10.新建改建农村公路200公里。",
    "责任单位：市交通运输局",
]

ANSHAN: list[object] = [
    ("title", "鞍山市人民政府关于印发《2023年市〈政府工作报告〉任务分解和责任分工方案》的通知"),
    "各县（市）区人民政府，各开发区管委会，市政府各部门，各有关单位：",
    S + "现将《2023年市〈政府工作报告〉任务分解和责任分工方案》印发给你们，请结合实际，认真贯彻执行。",
    ("right", "鞍山市人民政府"),
    ("right", "2023年1月29日"),
    ("center", "2023年市《政府工作报告》任务分解和责任分工方案"),
    S + "为做好今年政府工作，实现经济社会发展目标任务，现就2023年市《政府工作报告》确定的重点工作，制定分工方案如下。",
    ("bold", "一、经济社会发展主要预期目标"),
    "1.地区生产总值增长6%左右。",
    "分管市领导：常务副市长",
    "牵头单位：市发展改革委",
    "责任单位：各相关部门，各县（市）区政府、各开发区管委会",
    "2.规模以上工业增加值增长7%左右。",
    "分管市领导：分管工业副市长",
    "牵头单位：市工业和信息化局",
    "责任单位：各相关部门，各县（市）区政府、各开发区管委会",
    "3.一般公共预算收入增长8%左右。",
    "分管市领导：常务副市长",
    "牵头单位：市财政局",
    "责任单位：市税务局",
    ("bold", "二、聚焦产业振兴，推动经济高质量发展"),
    "4.实施钢铁产业链延链补链，精深加工产品占比提高5个百分点。",
    "分管市领导：分管工业副市长",
    "牵头单位：市工业和信息化局",
    "责任单位：市发展改革委、市科技局，海城市政府",
    "完成时限：2023年12月底",
    "5.推进菱镁产业转型升级，建设高端镁质材料基地（2023—2025年）。",
    "分管市领导：分管工业副市长",
    "牵头单位：市工业和信息化局、市自然资源局",
    "责任单位：海城市政府、岫岩满族自治县政府",
    "6.加快千山景区提质升级，全年接待游客增长20%。",
    "分管市领导：分管文旅副市长",
    "牵头单位：市文化旅游和广播电视局",
    "责任单位：千山风景名胜区管理局，千山区政府",
    "完成时限：2023年10月底",
    ("bold", "三、聚焦民生改善，增进人民群众福祉"),
    "7.新增城镇就业4万人。",
    "分管市领导：分管民生副市长",
    "牵头单位：市人力资源和社会保障局",
    "责任单位：各县（市）区政府",
    "8.改造老旧小区120个，惠及居民4万户。",
    "分管市领导：分管城建副市长",
    "牵头单位：市住房和城乡建设局",
    "责任单位：铁东区、铁西区、立山区政府",
    ("bold", "四、工作要求"),
    "（一）明确任务，压实责任。各牵头单位要建立任务清单和责任清单，细化工作举措。",
    "（二）加强督考，狠抓落实。市政府督考办要及时跟进督查各项工作进展情况。",
]

DOCUMENTS = (
    (HERE / "chuzhou_anhui.docx", "滁州市人民政府办公室", CHUZHOU),
    (HERE / "lishui_zhejiang.docx", "丽水市人民政府办公室", LISHUI),
    (HERE / "heldback" / "anshan_liaoning.docx", "鞍山市人民政府办公室", ANSHAN),
)


def build(paragraphs: list[object], author: str) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.font.size = Pt(16)
    for item in paragraphs:
        kind, text = ("body", item) if isinstance(item, str) else item  # type: ignore[misc]
        para = doc.add_paragraph()
        run = para.add_run(text)
        if kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(22)
        elif kind == "center":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
        elif kind == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "bold":
            run.bold = True
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = str(paragraphs[0][1])  # type: ignore[index]
    props.created = dt.datetime(2024, 1, 1)
    props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    # Rewrite the zip with fixed entry times, so the bytes do not depend on when this ran.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    for path, author, paragraphs in DOCUMENTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build(paragraphs, author))
        print(f"{path.relative_to(HERE)}: {len(paragraphs)} paragraphs")


if __name__ == "__main__":
    main()
