//! One process of the multi-process rate-limit test: see `workspace_tests::shared_limit`.
//! Prints its report as `name: value` lines on stdout; the limiter's warnings go to stderr.

fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .init();
    let outcome = workspace_tests::shared_limit::WorkerOptions::parse(std::env::args().skip(1))
        .and_then(|options| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(workspace_tests::shared_limit::run_worker(&options))
        });
    match outcome {
        Ok(report) => print!("{}", report.to_lines()),
        Err(error) => {
            eprintln!("shared_limit_worker: {error}");
            std::process::exit(2);
        }
    }
}
