//! The command line's shape: every subcommand, flag and help text (in Chinese), as clap
//! parses them. Administrators' scripts depend on these names; change them only with the
//! issue that asks.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "disclosure", version, about = "政务公开工作台 命令行工具")]
pub(crate) struct Cli {
    /// 数据目录（默认：环境变量 DISCLOSURE_DESK_DATA，或系统应用数据目录）
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// 显示数据目录、数据结构版本和记录数
    Info {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 初始化数据目录；可同时创建第一位管理员（密码取自 DISCLOSURE_PASSWORD 或提示输入）
    Init {
        /// 第一位管理员的姓名
        #[arg(long, value_name = "NAME")]
        admin: Option<String>,
        /// 管理员所在处室
        #[arg(long, value_name = "OFFICE", default_value = "办公室")]
        office: String,
        /// 机构代码（索引号前缀）
        #[arg(long, value_name = "CODE")]
        org_code: Option<String>,
    },
    /// 人员管理
    #[command(subcommand)]
    User(UserCommand),
    /// 公开事项
    #[command(subcommand)]
    Item(ItemCommand),
    /// 保密审查
    #[command(subcommand)]
    Review(ReviewCommand),
    /// 审计日志
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 生成演示数据：处室人员、各类别各状态的公开事项、审查、发布与审计记录（只用于没有事项的数据目录；
    /// 只在测试与基准构建中提供）
    #[cfg(feature = "demo")]
    GenDemo {
        /// 事项数
        #[arg(long, value_name = "N")]
        items: usize,
        /// 随机种子（同一种子在同一天生成相同的数据）
        #[arg(long, value_name = "S", default_value_t = 2026)]
        seed: u64,
        /// 把这一天当作“今天”生成（YYYY-MM-DD），缺省为今天
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    /// 工作日计算（跳过法定节假日，计入调休上班日）
    #[command(subcommand)]
    Workdays(WorkdaysCommand),
    /// 打印政府信息公开保密审查审批表（PDF）：每个索引号一份，按给出的顺序合为一个文件
    Sheet {
        /// 索引号（可多个）
        #[arg(required = true, value_name = "索引号")]
        index_nos: Vec<String>,
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// 打印第 N 轮审查（默认：最近一轮未撤回的审查）；只能与一个索引号同用
        #[arg(long, value_name = "N")]
        round: Option<i64>,
        #[command(flatten)]
        user: UserArg,
    },
    /// 打印审查登记簿（PDF）：列出期间内办结的保密审查
    Register {
        /// 起始日期（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 截止日期（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
    /// 责任分工台账（PDF）：各项工作任务的牵头处室、落实专人、关联事项与进度
    Ledger {
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
    /// 报表：年度考核（PDF 或 Excel，按 -o 的扩展名）与政府信息公开工作年度报告（Word 或 Excel）
    #[command(subcommand)]
    Report(ReportCommand),
    /// 依申请公开：登记申请、查看申请和答复期限
    #[command(subcommand)]
    Request(RequestCommand),
    /// 导出上传包（发布员或管理员）：成功时只打印上传包路径。不给索引号时导出全部“已通过”且未导出的事项
    Export {
        /// 要导出的事项的索引号（也可以是“已导出”的事项，重新导出）
        #[arg(value_name = "索引号", conflicts_with = "all_approved")]
        index_nos: Vec<String>,
        /// 导出全部“已通过”且未导出的事项（不给索引号时的默认做法）
        #[arg(long)]
        all_approved: bool,
        /// 上传包存放的文件夹
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
        /// 以该人员身份导出（默认取环境变量 DISCLOSURE_USER；密码取自 DISCLOSURE_PASSWORD 或提示输入）
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
    /// 校验上传包：完好时打印 OK 并退出码 0；否则逐个指出缺少、多余或不一致的文件，退出码 1
    Verify {
        /// 上传包（.zip）
        bundle: PathBuf,
        /// 同时与数据目录中的导出记录对照（整个 zip 的 SHA-256 与每个事项的内容哈希）
        #[arg(long)]
        against_db: bool,
        #[arg(long)]
        json: bool,
    },
    /// 登记发布：单个事项（索引号 --url --date），或导入 CSV（--csv，每行 索引号,URL,发布日期）
    Publish {
        /// 索引号（单个登记时）
        #[arg(
            value_name = "索引号",
            conflicts_with = "csv",
            required_unless_present = "csv"
        )]
        index_no: Option<String>,
        /// 公开网址
        #[arg(long, requires = "index_no")]
        url: Option<String>,
        /// 发布日期 YYYY-MM-DD（默认今天）
        #[arg(long, requires = "index_no")]
        date: Option<String>,
        /// 网站回传的 CSV：索引号,URL,发布日期（可有表头）；正确的行登记，错误的行按行号报告（退出码 1）
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 撤回或废止已发布的事项，下一个上传包会通知网站
    Revoke {
        /// 索引号
        index_no: String,
        /// withdrawn（撤回）或 repealed（废止）
        #[arg(long, default_value = "withdrawn")]
        kind: String,
        /// 原因（只留在本机，不进入上传包）
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        user: UserArg,
    },
    /// 备份数据库和附件（管理员；程序运行时也可以）：成功时只打印备份文件夹的路径
    Backup {
        /// 备份存放的文件夹（默认：设置中的备份位置，未设置时为数据目录中的 backups）
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        user: UserArg,
    },
    /// 从备份恢复（管理员）：先校验备份，再把当前数据另做一份备份，然后替换（须先关闭程序）
    Restore {
        /// 备份文件夹（disclosure backup 打印的路径）
        backup: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
    /// 作为局域网服务器运行（HTTPS）：其他电脑用浏览器或桌面程序登录使用本数据目录；按 Ctrl+C 停止
    Serve {
        /// 监听的地址和端口（默认 0.0.0.0:8443，即本机所有网络地址）
        #[arg(long, value_name = "ADDR:PORT", default_value = "0.0.0.0:8443")]
        listen: std::net::SocketAddr,
        /// 证书中另外写入的主机名或 IP 地址（可多次给出），如 --host gk.jyj.local
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        /// 网页界面文件所在的文件夹（默认自动查找已安装的界面）
        #[arg(long, value_name = "DIR")]
        ui_dir: Option<PathBuf>,
        /// 导出的上传包另存到服务器上的这个文件夹（同时仍由发布员的浏览器下载）
        #[arg(long, value_name = "DIR")]
        export_dir: Option<PathBuf>,
    },
    /// 发布前检查数据库之外的文件（使用数据目录中的敏感词表）：发现阻断项时退出码 1，否则 0
    Scan {
        /// 要检查的文件（.docx .xlsx .xls .pdf .txt .csv .html）
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 输出：{"findings":[{"kind","severity","location","match",…}]}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// 年度考核：各处室发布事项（按类别）、按时公开率、平均审查用时、退回次数和逾期事项
    Assessment {
        /// 年度，如 2026
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// 只统计这个处室（默认：全部处室）
        #[arg(long, value_name = "处室")]
        office: Option<String>,
        /// 输出文件：.pdf 或 .xlsx
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
    /// 政府信息公开工作年度报告全文（一至六部分，第三部分按依申请公开的申请统计）：.docx、.xlsx 或 .pdf（预览）
    Annual {
        /// 年度，如 2026
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// 输出文件：.docx、.xlsx 或 .pdf
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
}

#[derive(Subcommand)]
pub(crate) enum RequestCommand {
    /// 从 JSON 文件登记一件政府信息公开申请（依申请承办人）；最后一行打印申请编号
    Add {
        /// JSON 对象：applicant_type、applicant_subtype、name、id_type、id_number、contact、
        /// address、channel、received_on、description、form、delivery
        file: PathBuf,
        /// 同时出具申请接收回执（注明答复期限），写出到该 PDF 文件
        #[arg(long, value_name = "FILE")]
        receipt: Option<PathBuf>,
        #[command(flatten)]
        user: UserArg,
    },
    /// 列出申请（收到日期新的在前）
    List {
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 显示一件申请：办理记录、状态和当前答复期限（due_on）
    Show {
        /// 申请编号，如 2026-0001
        number: String,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 登记一项办理事项（依申请承办人；延期的批准由负责人）：JSON 文件，如
    /// {"kind":"correction_sent","items":"……"}、{"kind":"replied","outcome":"予以公开"}；规则与窗口中相同
    Record {
        /// 申请编号，如 2026-0001
        number: String,
        /// 办理事项（JSON 对象，kind 为 correction_sent、correction_received、extension_requested、
        /// extension_approved、extension_refused、consult_started、consult_answered、fee_noticed、
        /// fee_paid、replied、withdrawn 之一）
        #[arg(long, value_name = "FILE")]
        event: PathBuf,
        /// 发生日期 YYYY-MM-DD（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
        #[command(flatten)]
        user: UserArg,
    },
    /// 出具文书（依申请承办人）：编文号、写出 PDF；最后一行打印文号
    Letter {
        /// 申请编号
        number: String,
        /// receipt（申请接收回执）| correction（补正告知书）| extension（延期答复告知书）|
        /// consult-third-party | consult-co-maker（征求意见书）| fee（收费通知书）| reply（答复书）|
        /// reply-referral（不属于本机关负责公开）| abandon-correction | abandon-fee（不再处理告知书）
        #[arg(long)]
        kind: String,
        /// 文书日期 YYYY-MM-DD（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        user: UserArg,
    },
    /// 登记文书的送达（依申请承办人）：直接、邮寄（须 --tracking 邮件号）或电子
    Served {
        /// 申请编号
        number: String,
        /// 文书的文号
        #[arg(long, value_name = "文号")]
        letter: String,
        /// 直接 | 邮寄 | 电子
        #[arg(long)]
        how: String,
        /// 邮件号（邮寄送达时必填，须经邮政企业寄递）
        #[arg(long, value_name = "邮件号")]
        tracking: Option<String>,
        /// 送达日期 YYYY-MM-DD（直接送达为签收之日，邮寄为交邮之日；默认今天）
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        on: Option<chrono::NaiveDate>,
        #[command(flatten)]
        user: UserArg,
    },
    /// 列出 N 个工作日内到期和已逾期的未办结申请（到期早的在前）
    Due {
        /// 工作日数
        #[arg(long, default_value_t = 5)]
        within: u32,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum WorkdaysCommand {
    /// 打印 DATE 之后第 N 个工作日（DATE 当天不计）
    Add {
        /// 起算日期 YYYY-MM-DD
        date: String,
        /// 工作日数
        n: u32,
    },
    /// 打印 FROM 之后到 TO（含）之间的工作日数
    Between {
        /// YYYY-MM-DD
        from: String,
        /// YYYY-MM-DD
        to: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum ReviewCommand {
    /// 对当前步骤作出审查决定（规则与窗口中相同，包括职责分离）
    Decide {
        /// 索引号
        index_no: String,
        #[command(flatten)]
        user: UserArg,
        /// approve | return | withhold | on-request | partial | refer
        #[arg(long)]
        decision: String,
        /// 法定依据（可重复），如 A15、A16-2a
        #[arg(long = "ground")]
        grounds: Vec<String>,
        /// 意见
        #[arg(long)]
        comment: Option<String>,
    },
    /// 列出该人员可以处理的审查事项（先提交的在前）
    Queue {
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// 校验审计日志：哈希链（含签名）、所有能找到的审计锚点（锚点文件、备份文件夹中的备份、--bundle 给出的上传包）
    /// 以及各项记录都有审计记录。完好时退出码 0；否则退出码 1 并指出第一处问题
    Verify {
        /// 也核对这些上传包中记录的审计锚点（可重复）
        #[arg(long = "bundle", value_name = "ZIP")]
        bundles: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// 添加人员：打印随机生成的初始密码（只显示这一次），本人首次登录后须修改
    Add {
        name: String,
        #[arg(long)]
        office: String,
        /// 角色，逗号分隔：drafter,office_head,reviewer,leader,publisher,admin（或中文名）
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// 执行操作的管理员
        #[arg(long, value_name = "ADMIN")]
        by: String,
        /// 以 JSON 输出：{"name","office","roles","initial_password"}
        #[arg(long)]
        json: bool,
    },
    /// 从 .xlsx 导入人员（表头：姓名、处室、角色）：全部有效才导入，否则一人也不导入并列出每个错误行；
    /// 每人一个随机初始密码（只显示这一次），可用 --slips 同时保存为可裁开的初始密码单（PDF）
    Import {
        file: PathBuf,
        /// 执行操作的管理员
        #[arg(long, value_name = "ADMIN")]
        by: String,
        /// 把初始密码单保存为这个 PDF 文件
        #[arg(long, value_name = "FILE")]
        slips: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 修改自己的密码：当前密码取自 DISCLOSURE_PASSWORD，新密码取自 DISCLOSURE_NEW_PASSWORD（或提示输入）
    Passwd {
        /// 姓名
        name: String,
    },
    /// 在本机重置某人的密码（忘记密码的唯一管理员用）：有数据目录写权限的操作系统用户可执行，
    /// 记入审计日志；打印新的初始密码，下次登录须修改
    ResetPassword {
        /// 姓名
        name: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum ItemCommand {
    /// 从 .json 或 .xlsx 批量导入草稿：全部有效才导入，否则一条也不导入并列出每个错误行
    Import {
        file: PathBuf,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 列出该人员可以查看的事项（最近修改的在前）
    List {
        #[command(flatten)]
        user: UserArg,
        /// 检索词
        #[arg(long)]
        search: Option<String>,
        /// 最多列出条数
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// 提交保密审查（冻结当前版本）
    Submit {
        /// 索引号
        index_no: String,
        #[command(flatten)]
        user: UserArg,
    },
    /// 显示一个事项
    Show {
        /// 索引号
        index_no: String,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub(crate) struct UserArg {
    /// 以该人员身份操作（密码取自 DISCLOSURE_PASSWORD 或提示输入）
    #[arg(long, value_name = "NAME")]
    pub(crate) user: String,
}

/// A date argument, `YYYY-MM-DD`.
pub(crate) fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("日期“{s}”无效，请按 2026-12-02 的格式填写"))
}
