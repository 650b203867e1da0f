#!/usr/bin/env python3
"""Writes scan_corpus.tsv beside this file: the labelled cases of tests/scan.rs.

Run once and commit the result (the test never generates data). Fixed seed, so a rerun
writes the same file. Columns: expected kinds (comma-separated) or `none`, then the text.
"""
import os
import random

R = random.Random(2016)
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
REGIONS = ["210302", "210303", "210311", "210321", "210381", "110105", "310104",
           "440305", "510107", "370202", "220102", "230103", "120101", "500103"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷"]


def id_check(s17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(s17, ID_W)) % 11]


def birth():
    y = R.randint(1950, 2012)
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    return y, m, d


def id18():
    y, m, d = birth()
    s = f"{R.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{R.randint(0, 999):03d}"
    return s + id_check(s)


def id18_x():
    while True:
        s = id18()
        if s.endswith("X"):
            return s


def id15():
    y, m, d = birth()
    return f"{R.choice(REGIONS)}{y % 100:02d}{m:02d}{d:02d}{R.randint(0, 999):03d}"


def luhn_digit(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card(length=None):
    prefix = R.choice(["622202", "621700", "622848", "621226", "622588", "436742", "518710", "625965"])
    length = length or R.choice([16, 19])
    if prefix[0] == "5" and length != 16 or prefix[0] == "4" and length not in (13, 16, 19):
        prefix = "621700"  # Mastercard issues 16 digits, Visa 13, 16 or 19; same draws
    body = prefix + "".join(R.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def org_code():
    body = "".join(R.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    value = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10
    c = 11 - sum(value(ch) * w for ch, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def credit():
    head = R.choice(["91", "92", "11", "12", "52", "93"])
    org = org_code()
    s = head + R.choice(REGIONS) + org
    t = sum(CC.index(c) * w for c, w in zip(s, CC_W))
    return s + CC[(31 - t % 31) % 31]


def mobile():
    p = R.choice(["130", "131", "135", "138", "139", "150", "152", "157", "158", "166",
                  "177", "180", "186", "189", "191", "199", "147", "173"])
    return p + "".join(R.choice("0123456789") for _ in range(8))


cases = []


def add(kinds, text):
    assert "\t" not in text and "\n" not in text
    cases.append((kinds, text))


# ---- 身份证号 ----
for _ in range(14):
    n = R.choice(NAMES)
    add("id_card", f"{n}，公民身份号码{id18()}，现住鞍山市铁东区。")
for _ in range(5):
    add("id_card", f"申请人身份证号：{id18_x()}")
for _ in range(3):
    s = id18()
    add("id_card", f"身份证 {s[:6]} {s[6:14]} {s[14:]} 已核验")
for _ in range(6):
    add("id_card", f"原身份证号码{id15()}（15位旧号）")
for _ in range(3):
    add("id_card", f"{id18()}")
# a wrong check character: a mistyped number, reported as such
for _ in range(8):
    s = id18()
    wrong = "0123456789X".replace(s[-1], "")
    add("id_card_typo", f"身份证号{s[:17]}{R.choice(wrong)}（校验位错误）")
# passes Luhn, and was taken for a bank card before issue #23
add("id_card_typo", "证件号码350402194403070604核对有误")
# near-misses: impossible dates, wrong length, unknown province
add("none", "证件号码210302199002301234核对有误")
add("none", "证件号码210302199013011235为虚构")
add("none", "证件号码21030220990101123X为虚构")
add("none", "证件号码210302185001011231为虚构")
add("none", "编号99030219900101123X")
add("none", "序列号21030219900101123（17位）")
add("none", "流水号2103021990010112345（19位）")
add("none", "旧号210302901301123已注销")
add("none", "旧号210302900231123已注销")

# ---- 手机号 ----
for _ in range(12):
    add("mobile", f"联系人：{R.choice(NAMES)}，联系电话{mobile()}。")
for _ in range(4):
    m = mobile()
    add("mobile", f"手机 {m[:3]} {m[3:7]} {m[7:]}")
for _ in range(4):
    m = mobile()
    add("mobile", f"手机：{m[:3]}-{m[3:7]}-{m[7:]}")
for _ in range(3):
    add("mobile", f"请拨打+86 {mobile()}咨询")
add("mobile", f"手机{mobile()}，{mobile()}均可")
add("none", "订单号12812345678已作废")
add("none", "编号10012345678")
add("none", "编号15412345678")
add("none", "编号1381234567")
add("none", "编号138123456789")
add("none", "工单号113812345678")
add("none", "批次 138 1234 567")
add("none", "档案号1381234567890")

# ---- 固定电话 ----
for _ in range(8):
    add("landline", f"咨询电话：0412-{R.randint(2000000, 8999999)}")
add("landline", "联系电话：（0412）2223456")
add("landline", "联系电话：(0412) 5551234")
add("landline", "监督电话010-65123456")
add("landline", "传真：024-23456789")
add("landline", "电话 0412 2223456")
add("landline", "电话0412-2223456-801")
add("landline", "电话 0412—2223456")
add("landline", "电话 0412-222-3456")
add("landline", "市教育局办公室电话0412－2223456，欢迎来电。")
add("landline", "举报电话：020-87654321。")
add("landline,mobile", f"电话：0412-2223456，手机：{mobile()}")
add("landline,mobile", f"电话 0412-2223456 {mobile()}")
add("none", "编号0012-2223456")
add("none", "编号0412-1234567")
add("none", "编号0412-123456")
add("none", "2016-2020年发展规划")
add("none", "项目编号2016-0412-001")
add("none", "编号011-12345678")
add("none", "规格0412-22234567890")
add("none", "（2016）第2223456号")

# ---- 电子邮箱 ----
for local, domain in [("zhangwei", "163.com"), ("jyj_office", "anshan.gov.cn"),
                      ("li.na", "qq.com"), ("xxgk2016", "126.com"), ("wang-fang", "sina.com.cn"),
                      ("asjyj", "vip.163.com"), ("ZhaoLei", "Gmail.com"), ("hr", "example.org"),
                      ("fgc", "edu.ln.gov.cn"), ("m.123", "foxmail.com")]:
    add("email", f"意见请发送至电子邮箱{local}@{domain}。")
add("email", "邮箱：tousu@anshan.gov.cn（工作日回复）")
add("email", "Email: a.b-c@x-y.com.cn")
add("email,mobile", f"手机{mobile()}，邮箱abc@163.com")
add("email", "13812345678@139.com")
add("none", "请在@后填写单位名称")
add("none", "用户名admin@localhost")
add("none", "格式为name@domain")
add("none", "示例：@anshan.gov.cn")
add("none", "版本v1.2@3")
add("none", "a@b.c的格式不正确")

# ---- 银行卡号 ----
for _ in range(10):
    add("bank_card", f"补助资金发放至{R.choice(NAMES)}银行卡号{card()}。")
for _ in range(5):
    c = card(16)
    add("bank_card", f"卡号 {c[:4]} {c[4:8]} {c[8:12]} {c[12:]}")
for _ in range(3):
    c = card(19)
    add("bank_card", f"账号：{c[:4]} {c[4:8]} {c[8:12]} {c[12:16]} {c[16:]}")
add("bank_card", f"开户账号{card(17)}")
add("bank_card", f"账户{card(18)}")
for _ in range(8):
    c = card()
    bad = str((int(c[-1]) + R.randint(1, 9)) % 10)
    add("none", f"合同编号{c[:-1]}{bad}")
add("none", "流水号2016030100012345")
add("none", "编号5187107960966879147")  # Luhn, a Mastercard prefix, but 19 digits
add("none", "编号3504021944030700")  # 16 digits passing Luhn, but 3504 is no JCB prefix
add("none", "文件编号1234567890123456")
add("none", "编号9876543210987654")
add("none", "序号123456789012345")
add("none", "资产编号20160301000123456789")

# ---- 统一社会信用代码 ----
for _ in range(14):
    add("credit_code", f"中标单位统一社会信用代码：{credit()}")
add("credit_code", "索引号 9144030071526726XG/2016-00001")
add("credit_code", "91350100M000100Y43为示例代码")
for _ in range(6):
    c = credit()
    wrong = R.choice([x for x in CC if x != c[-1]])
    add("none", f"代码{c[:-1]}{wrong}（校验码错误）")
add("none", "索引号 11210300MB0000000X/2016-00001")
add("none", "代码91210300IO1234567X含非法字符")
add("none", "代码9121030012345678（16位）")
add("none", "代码91350100M000100Y53（组织机构代码校验错误）")

# ---- 车牌号 ----
for p in ["辽C12345", "辽CD12345", "京A88888", "沪B1234F", "粤B D12345", "辽C·A1234",
          "川A5G123", "鲁B12345", "辽C 12345", "苏E0A123", "辽CF12345", "吉A12345"]:
    add("plate", f"涉事车辆号牌{p}已登记。")
add("plate", "校车车牌辽C23456、辽C34567")
add("none", "型号AB12345")
add("none", "辽C1234号文件")
add("none", "京A12345678号")
add("none", "第A12345号")
add("none", "京I12345号")

# ---- 护照号 ----
for p in ["E12345678", "E87654321", "EA1234567", "EB7654321", "G12345678", "G87654321",
          "EJ2345678", "E00012345", "ED1234567", "G11223344"]:
    add("passport", f"出国人员护照号码：{p}。")
add("none", "型号E1234567")
add("none", "编号EI1234567")
add("none", "编号X12345678")
add("none", "产品E123456789")
add("none", "规格G1234567")

# ---- 密级与内部标志 ----
for t in ["秘密★1年", "机密★", "绝密★长期", "秘密★10年", "机密★5年", "密级：秘密",
          "密级：机密", "机密", "【内部】", "内部★", "内部资料 注意保存", "内部资料",
          "注意保存", "本文件涉密，请勿外传", "不宜公开", "（内部）", "机密级", "秘密 ★",
          "内部文件，仅供参考", "仅限内部使用"]:
    add("secret_mark", t)
for t in ["依照《中华人民共和国保守国家秘密法》开展保密审查。", "涉及商业秘密的，不予公开。",
          "不得泄露国家秘密。", "加强内部控制制度建设。", "开展内部审计工作。",
          "确保数据的机密性和完整性。", "规范内部管理，提高工作效率。", "属于秘密的事项应当标明密级。",
          "严守工作秘密。", "健全机关内部工作流程。", "内部事务信息可以不予公开。",
          "保守国家秘密法第十七条规定了保密审查。", "机密文件管理办法修订说明"]:
    add("none", t)

# ---- 过程稿 ----
for t in ["关于修订学籍管理办法的通知（征求意见稿）", "鞍山市中小学管理办法（讨论稿）",
          "实施方案（送审稿）", "关于申请专项经费的请示", "2016年第3次局长办公会议纪要",
          "关于调整招生计划的请示", "请示", "此件为讨论稿，请勿外传", "附件：会议纪要",
          "征求意见稿已于3月1日发布", "关于拨付资金的请示。", "送审稿及起草说明",
          "专题会议纪要（第5期）", "《关于设立分校的请示》"]:
    add("process_draft", t)
for t in ["落实重大事项请示报告制度。", "向上级请示汇报工作。", "广泛征求意见，做好解读。",
          "意见采纳情况一并公开。", "会议研究了招生工作。", "审议通过了实施办法。"]:
    add("none", t)

# ---- 敏感词 (the test's list: 法轮功, 六合彩, 拆迁补偿明细) ----
for t in ["传单含有法轮功内容", "严厉打击六合彩赌博", "附件为拆迁补偿明细", "非法六合彩活动",
          "法轮功邪教组织", "拆迁补偿明细表（第二批）", "查处地下六合彩", "警惕法轮功渗透",
          "六合彩宣传品", "揭批法轮功"]:
    add("sensitive_word", t)
for t in ["拆迁补偿标准已公布", "彩票发行管理", "法轮", "补偿明细待定", "六合村改造"]:
    add("none", t)

# ---- full-width digits, as typed with a Chinese input method ----
FULL = str.maketrans("0123456789X@.-", "０１２３４５６７８９Ｘ＠．－")
for _ in range(3):
    add("mobile", f"联系电话{mobile().translate(FULL)}")
add("id_card", f"身份证号{id18_x().translate(FULL)}")
add("landline", f"电话{'0412-2223456'.translate(FULL)}")
add("none", f"文号鞍教发〔{'2016'.translate(FULL)}〕{'38'.translate(FULL)}号")
add("none", f"编号{'12812345678'.translate(FULL)}")

# ---- 普通公文 ----
ORDINARY = [
    "鞍教发〔2016〕38号", "鞍山市教育局关于印发《全面推进政务公开工作实施方案》的通知（鞍教发〔2016〕38号）",
    "2016年6月12日", "2016-06-12", "2016.06.12", "2016/6/12", "成文日期：2016年06月12日",
    "本年收费金额1,234.56万元", "部门预算总额123,456,789.00元", "支出3456.78万元，同比增长12.5%",
    "各县（市）区教育局、各直属学校：", "根据《中华人民共和国政府信息公开条例》（国务院令第711号）规定，",
    "第十六条第二款规定的过程性信息可以不予公开。", "联系地址：鞍山市铁东区胜利南路18号",
    "邮政编码：114001", "共计12所学校、3456名学生", "索引号：2016-00001", "辽政办发〔2016〕80号",
    "国办发〔2016〕8号", "教育部令第36号", "第3次会议", "截至2016年12月31日",
    "全市共有中小学校235所，在校生312456人。", "本通知自2016年7月1日起施行。",
    "收费标准为每生每学期800元。", "办理时限为20个工作日。", "ISBN 978-7-04-012345-6",
    "统计口径：2016年1-12月", "经费编码20160301000123", "凭证号0001234567",
    "会议时间：2016年3月1日上午9:00", "地址：胜利南路18号4楼402室", "第1页 共12页",
    "附件1：2016年预算公开表", "项目名称：校舍维修改造工程（一期）", "合同金额：1,980,000.00元",
    "招标编号：ASJY-2016-038", "采购编号AS2016-GK-0012", "GB/T 7714-2015", "GB 11643-1999",
    "一、总体要求", "（一）推进权力清单和责任清单公开", "1. 明确公开主体", "表2-3 预算收支总表",
    "邮编114001，电话区号0412。", "网址http://www.anshan.gov.cn/art/2016/3/1/art_1234_567890.html",
    "版本号2.3.4.1", "坐标41.10, 122.99", "温度-12℃至3℃", "编号No.20160301",
    "2016—2020年", "2015-2016学年", "学号201603010123", "准考证号16210302001234",
    "政府信息公开工作年度报告（2016年）", "第二十条第（八）项", "20个工作日内予以公开。",
    "重大决策预公开，征求意见期不少于30日。", "政务公开培训120人次。",
]
for t in ORDINARY:
    add("none", t)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "scan_corpus.tsv"), "w", encoding="utf-8") as f:
    f.write("# kinds\ttext — written by gen_scan_corpus.py; labelled cases for tests/scan.rs\n")
    for kinds, text in cases:
        f.write(f"{kinds}\t{text}\n")
print(len(cases), "cases")
