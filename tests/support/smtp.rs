//! A real SMTP server on loopback, in the test process: enough of RFC 5321
//! for a client like lettre (EHLO/HELO, MAIL FROM, RCPT TO, DATA with
//! dot-unstuffing, RSET, NOOP, QUIT), one thread per connection. It keeps
//! every accepted message's envelope and raw bytes, and can be told to
//! answer `451` to the next N `DATA` commands.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    /// `MAIL FROM`.
    pub from: String,
    /// Every `RCPT TO`.
    pub to: Vec<String>,
    /// The message as sent, dot-unstuffed, CRLF line ends.
    pub data: Vec<u8>,
}

impl Received {
    /// The message as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }

    /// The first header with this name (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let text = self.text();
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        let mut found: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(f) = found.as_mut() {
                    f.push_str(line);
                    continue;
                }
            } else if found.is_some() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case(name)
            {
                found = Some(v.trim().to_owned());
            }
        }
        found
    }
}

#[derive(Debug, Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    arrived: Condvar,
    refuse_data: AtomicUsize,
    refused: AtomicUsize,
    connections: AtomicUsize,
    stop: AtomicBool,
    delay_ms: std::sync::atomic::AtomicU64,
}

/// The server; it stops accepting when dropped.
#[derive(Debug)]
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1 on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("sink address");
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                s.connections.fetch_add(1, Ordering::SeqCst);
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = session(conn, &s);
                });
            }
        });
        Self { addr, shared }
    }

    /// `smtp://127.0.0.1:PORT` (plain SMTP, no TLS).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Answer `451` to the next `n` DATA commands.
    pub fn refuse_next(&self, n: usize) {
        self.shared.refuse_data.store(n, Ordering::SeqCst);
    }

    /// Waits this long before accepting each message (a slow relay).
    pub fn set_delay(&self, delay: Duration) {
        self.shared.delay_ms.store(
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
    }

    /// How many DATA commands were refused so far.
    pub fn refused(&self) -> usize {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Every message accepted so far.
    pub fn messages(&self) -> Vec<Received> {
        self.shared
            .messages
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// How many messages were accepted so far.
    pub fn count(&self) -> usize {
        self.shared.messages.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Waits until at least `n` messages arrived (or `timeout`); the count.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> usize {
        let end = Instant::now() + timeout;
        let Ok(mut guard) = self.shared.messages.lock() else {
            return 0;
        };
        while guard.len() < n {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match self.shared.arrived.wait_timeout(guard, left) {
                Ok((g, _)) => guard = g,
                Err(_) => return 0,
            }
        }
        guard.len()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn session(conn: TcpStream, s: &Shared) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut out = conn.try_clone()?;
    let mut input = BufReader::new(conn);
    out.write_all(b"220 sink.test ESMTP convene test sink\r\n")?;
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let cmd = text.trim_end();
        let verb = cmd
            .split([' ', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let arg = |prefix: &str| {
            cmd.get(prefix.len()..)
                .map(|r| r.trim().trim_start_matches('<'))
                .map(|r| r.split('>').next().unwrap_or_default().to_owned())
                .unwrap_or_default()
        };
        match verb.as_str() {
            "EHLO" => out.write_all(
                b"250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 52428800\r\n",
            )?,
            "HELO" => out.write_all(b"250 sink.test\r\n")?,
            "MAIL" if cmd.to_ascii_uppercase().starts_with("MAIL FROM:") => {
                from = Some(arg("MAIL FROM:"));
                to.clear();
                out.write_all(b"250 2.1.0 ok\r\n")?;
            }
            "RCPT" if cmd.to_ascii_uppercase().starts_with("RCPT TO:") => {
                if from.is_none() {
                    out.write_all(b"503 5.5.1 MAIL first\r\n")?;
                } else {
                    to.push(arg("RCPT TO:"));
                    out.write_all(b"250 2.1.5 ok\r\n")?;
                }
            }
            "DATA" => {
                if from.is_none() || to.is_empty() {
                    out.write_all(b"503 5.5.1 MAIL and RCPT first\r\n")?;
                    continue;
                }
                let refuse = s
                    .refuse_data
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if refuse {
                    s.refused.fetch_add(1, Ordering::SeqCst);
                    out.write_all(b"451 4.3.0 try again later\r\n")?;
                    from = None;
                    to.clear();
                    continue;
                }
                out.write_all(b"354 end with <CRLF>.<CRLF>\r\n")?;
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if input.read_until(b'\n', &mut line)? == 0 {
                        return Ok(());
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                    // Dot-unstuffing: a leading ".." was a leading ".".
                    let body = if line.starts_with(b"..") {
                        &line[1..]
                    } else {
                        &line[..]
                    };
                    data.extend_from_slice(body);
                }
                let delay = s.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    std::thread::sleep(Duration::from_millis(delay));
                }
                let received = Received {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data,
                };
                if let Ok(mut m) = s.messages.lock() {
                    m.push(received);
                }
                s.arrived.notify_all();
                out.write_all(b"250 2.0.0 queued\r\n")?;
            }
            "RSET" => {
                from = None;
                to.clear();
                out.write_all(b"250 2.0.0 ok\r\n")?;
            }
            "NOOP" => out.write_all(b"250 2.0.0 ok\r\n")?,
            "QUIT" => {
                out.write_all(b"221 2.0.0 bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"502 5.5.2 command not implemented\r\n")?,
        }
    }
}
