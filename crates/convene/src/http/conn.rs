//! The accept loop: hyper's HTTP/1 connections with two timeouts axum's own
//! `serve` does not offer. A client gets `server.header_read_timeout_seconds`
//! to send a request's line and headers (from the connection's opening, or
//! from its next request's first byte), and a kept-alive connection may stay
//! idle `server.idle_timeout_seconds` between requests; after either the
//! connection is closed. A connection with a request in flight is never cut
//! by them (`server.request_timeout_seconds` bounds that). On shutdown the
//! loop stops accepting, idle connections close, and the in-flight requests
//! finish.
//!
//! Why not hyper's own `http1::Builder::header_read_timeout`: hyper also
//! runs it while a kept-alive connection waits for its next request, so it
//! would close idle connections after the header time and leave nothing for
//! an idle timeout of its own; hyper has no idle timeout. A small watchdog
//! per connection keeps both times apart.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// The two timeouts; `None` for no limit.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// Time to send a request's line and headers.
    pub header_read: Option<Duration>,
    /// Idle time between requests on a kept-alive connection.
    pub idle: Option<Duration>,
}

impl Timeouts {
    /// From seconds, 0 meaning no limit.
    pub fn from_seconds(header_read: u64, idle: u64) -> Self {
        let d = |s: u64| (s > 0).then(|| Duration::from_secs(s));
        Self {
            header_read: d(header_read),
            idle: d(idle),
        }
    }
}

/// What a connection is doing, as its watchdog sees it.
#[derive(Debug)]
struct Activity {
    /// Requests handed to the router and not yet answered.
    in_flight: usize,
    /// Waiting for a request's head since then (the opening, or the first
    /// byte after the last response).
    head_since: Option<Instant>,
    /// Idle since then (the last response).
    idle_since: Instant,
}

type Shared = Arc<Mutex<Activity>>;

fn lock(a: &Shared) -> std::sync::MutexGuard<'_, Activity> {
    a.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Activity {
    /// When the connection is to be closed, if nothing changes.
    fn deadline(&self, t: Timeouts) -> Option<Instant> {
        if self.in_flight > 0 {
            return None;
        }
        match self.head_since {
            Some(since) => t.header_read.map(|d| since + d),
            None => t.idle.map(|d| self.idle_since + d),
        }
    }
}

/// The socket, noting when a request's first byte arrives.
struct Watched<IO> {
    io: IO,
    activity: Shared,
}

impl<IO: AsyncRead + Unpin> AsyncRead for Watched<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            let mut a = lock(&self.activity);
            if a.in_flight == 0 && a.head_since.is_none() {
                a.head_since = Some(Instant::now());
            }
        }
        r
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Watched<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            // A response still being written is not idleness.
            lock(&self.activity).idle_since = Instant::now();
        }
        r
    }

    // Vectored writes passed through, so that hyper writes a response's
    // head and body from where they are instead of copying the body into
    // its buffer first (what it does for a connection that cannot).
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            lock(&self.activity).idle_since = Instant::now();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Counts a request in flight until dropped (answered or abandoned).
struct InFlight(Shared);

impl InFlight {
    fn start(activity: &Shared) -> Self {
        let mut a = lock(activity);
        a.in_flight += 1;
        a.head_since = None;
        drop(a);
        Self(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut a = lock(&self.0);
        a.in_flight = a.in_flight.saturating_sub(1);
        a.idle_since = Instant::now();
    }
}

/// Accepts connections until `shutdown` completes, then lets the in-flight
/// requests finish and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => (stream, peer),
                Err(e) => {
                    // Too many open files and the like: wait, as axum does.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            // Reap finished connections as we go.
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (stream, peer) = stream;
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            ClientAddr(peer.ip()),
            router.clone(),
            timeouts,
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// The client's IP address, in every request's extensions (rate limits of
/// the members' calendar form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

async fn connection(
    stream: tokio::net::TcpStream,
    client: ClientAddr,
    router: Router,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
) {
    let activity: Shared = Arc::new(Mutex::new(Activity {
        in_flight: 0,
        head_since: Some(Instant::now()),
        idle_since: Instant::now(),
    }));
    let io = TokioIo::new(Watched {
        io: stream,
        activity: activity.clone(),
    });
    let tower = TowerToHyperService::new(router);
    let service_activity = activity.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(client);
        let guard = InFlight::start(&service_activity);
        let fut = hyper::service::Service::call(&tower, req);
        async move {
            let response = fut.await;
            drop(guard);
            response
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        // hyper's own header timer also runs while a kept-alive connection
        // waits for its next request, so it would cut idle ones short: the
        // watchdog below keeps both times instead.
        .header_read_timeout(None)
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        let deadline = lock(&activity).deadline(timeouts);
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
            () = sleep => {
                // Still due? A request may have arrived meanwhile.
                let due = lock(&activity).deadline(timeouts).is_some_and(|at| at <= Instant::now());
                if due {
                    tracing::debug!("closing a slow or idle connection");
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Shutdown while a request is in flight: it is answered, a new
    /// connection is refused, and `serve` returns.
    #[tokio::test]
    async fn shutdown_lets_in_flight_requests_finish() {
        let router = Router::new().route(
            "/slow",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                "done"
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(
            listener,
            router,
            Timeouts::from_seconds(1, 1),
            async {
                let _ = stop_rx.await;
            },
        ));
        let mut client = tokio::net::TcpStream::connect(addr).await.expect("connect");
        client
            .write_all(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .expect("send");
        tokio::time::sleep(Duration::from_millis(100)).await;
        stop_tx.send(()).expect("stop");
        let mut answer = String::new();
        client.read_to_string(&mut answer).await.expect("read");
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.ends_with("done"), "{answer}");
        server.await.expect("joined").expect("served");
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
