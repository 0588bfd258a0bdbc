//! `convene serve` and `convene demo`: the server with its mail dispatcher,
//! until SIGTERM or SIGINT.

use super::*;

/// The demo's own database, relative to the working directory.
pub const DEMO_DB: &str = "var/demo.sqlite";
/// The demo's schedule.
pub const DEMO_DATA: &str = "data/fg-mv-2023.toml";

pub(super) async fn demo(config: Config, args: ServeArgs) -> Result<(), Failure> {
    let data = Path::new(DEMO_DATA);
    let src = import::read(data)?;
    let policies = config.deadline_policies.clone();
    let items = import::check(data, &src, &policies)?;
    std::fs::create_dir_all("var")?;
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{DEMO_DB}{suffix}");
        if let Err(e) = std::fs::remove_file(&p)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            return Err(e.into());
        }
    }
    let db = open(
        &format!("sqlite:{DEMO_DB}"),
        config.database.max_connections,
    )
    .await?;
    let now = Clock::System.now();
    let report = import_file(
        &db,
        config.clone(),
        Clock::System,
        &items,
        data,
        "demo",
        crate::schedule::import::ImportOptions::default(),
    )
    .await?;
    println!(
        "Imported {DEMO_DATA} into {DEMO_DB}: {}",
        import::summary(&report)
    );
    let token = crate::token::create(&db, "demo admin", None, now).await?;
    // The demo's data is from 2023: its feeds publish the whole archive.
    let mut config = config;
    config.calendar.past_months = 0;
    serve(db, config, args, Some(token.secret)).await
}

pub(super) async fn serve(
    db: Db,
    mut config: Config,
    args: ServeArgs,
    demo_token: Option<String>,
) -> Result<(), Failure> {
    if let Some(listen) = args.listen {
        config.server.listen = listen;
    }
    let listener = TcpListener::bind(&config.server.listen)
        .await
        .map_err(|e| Failure {
            message: format!("cannot listen on {}: {e}", config.server.listen),
            code: 2,
        })?;
    let addr = listener.local_addr()?;
    // When listening on port 0 or with the default public URL, links point at
    // the real address.
    if config.server.public_url == "http://127.0.0.1:8080" {
        config.server.public_url = format!("http://{addr}");
    }
    let base = config.server.public_url.clone();
    if let Some(secret) = demo_token {
        println!("convene demo is running: open {base}/ in your browser");
        println!("The seed is from 2023; to see it as it was then:");
        println!("  {base}/?from=2023-09-01");
        println!("  {base}/groups/wg5?from=2023-09-01");
        println!("  {base}/schedule?from=2023-09-01");
        println!("The API:");
        println!("  {base}/api/v1/groups");
        println!("  {base}/api/v1/groups/wg5/meetings?from=2023-09-01&to=2023-09-30");
        println!("  {base}/api/v1/meetings/wg5-2023-09-07");
        println!("  {base}/readyz");
        println!("Admin token: {secret}");
    } else {
        println!("Web pages at {base}/");
    }
    println!("Listening on http://{addr}");
    tracing::info!(%addr, backend = db.backend(), "listening");
    let grace = std::time::Duration::from_secs(config.server.shutdown_grace_seconds);
    let config = Arc::new(config);
    let clock = args.now.map_or(Clock::System, Clock::starting_at);
    let watch = crate::store::ChangeWatch::new(
        db.clone(),
        std::time::Duration::from_millis(config.calendar.freshness_ms),
    );
    watch.start(std::time::Duration::from_millis(
        config.database.listen_retry_ms,
    ));
    let state = AppState::new(http::Shared {
        responses: Arc::new(http::cache::Responses::new(
            watch,
            config.server.cache_bytes,
        )),
        parsed: Arc::new(crate::store::ParsedMeetings::new(
            config.server.meeting_cache_bytes,
        )),
        kept: Arc::new(crate::calendar::kept::KeptEvents::new(
            config.server.event_cache_bytes,
        )),
        schedule: Schedule::new(db.clone(), config.clone(), clock),
        write_limiter: Arc::new(http::ops::WriteLimiter::new(
            db.clone(),
            clock,
            config.server.write_rate_per_minute,
        )),
        db,
        config,
    });
    // The mail dispatcher runs beside the server and stops with it.
    let mail = crate::mail::dispatch::Background::start(
        state.db.clone(),
        state.config.clone(),
        state.schedule.clock,
    )?;
    let mail_stop = mail.as_ref().map(|m| m.stopper());
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing in-flight requests");
        if let Some(stop) = &mail_stop {
            let _ = stop.send(true);
        }
        let _ = stopped_tx.send(());
    };
    let server = http::serve(listener, state, shutdown);
    tokio::pin!(server);
    tokio::select! {
        r = &mut server => r?,
        _ = async {
            let _ = stopped_rx.await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!("in-flight requests did not finish within {}s; stopping", grace.as_secs());
        }
    }
    if let Some(mail) = mail {
        mail.stop(grace).await;
    }
    Ok(())
}

pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
