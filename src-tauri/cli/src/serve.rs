//! `disclosure serve`: the LAN server in the foreground (a systemd unit runs it so). It
//! prints where it listens and the certificate's fingerprint, which people compare when a
//! desktop client first connects; Ctrl+C or SIGTERM stops it after the requests running.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::Error;
use disclosure_server::{Config, Started};

pub fn serve(
    data_dir: PathBuf,
    listen: SocketAddr,
    hosts: Vec<String>,
    ui_dir: Option<PathBuf>,
    export_dir: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("启动服务", e))?;
    let config = Config {
        listen,
        data_dir: data_dir.clone(),
        hosts,
        ui_dir,
        export_dir: export_dir.clone(),
    };
    runtime.block_on(disclosure_server::serve(
        config,
        move |s: &Started| announce(s, &data_dir, export_dir.as_deref()),
        stop_signal(),
    ))?;
    println!("服务已停止。");
    Ok(ExitCode::SUCCESS)
}

fn announce(s: &Started, data_dir: &std::path::Path, export_dir: Option<&std::path::Path>) {
    let port = s.address.port();
    println!("政务公开工作台服务器已启动");
    println!("  数据目录：{}", data_dir.display());
    println!("  监听地址：{}", s.address);
    let hosts: Vec<&String> = s.names.iter().filter(|n| n.as_str() != "::1").collect();
    for h in hosts {
        let host = if h.contains(':') {
            format!("[{h}]")
        } else {
            h.clone()
        };
        println!("  浏览器访问：https://{host}:{port}/");
    }
    if let Some(dir) = export_dir {
        println!("  上传包另存到：{}", dir.display());
    }
    println!("  证书指纹（SHA-256）：{}", s.fingerprint);
    println!("  根证书下载：https://<服务器地址>:{port}/ca.crt");
    if s.ui.is_none() {
        println!("  注意：未找到网页界面文件，浏览器只能看到提示页（可用 --ui-dir 指定）。");
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// Ctrl+C, or SIGTERM (systemctl stop).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
