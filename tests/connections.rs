//! Connections over the real binary: a client that sends half a request
//! line, or nothing, is cut after `server.header_read_timeout_seconds`; a
//! kept-alive connection lives `server.idle_timeout_seconds` between
//! requests; a normal request is answered meanwhile.

use std::time::{Duration, Instant};

use convene_tests::{Server, TempDir, get, seeded_db};

/// Reads from `stream` until `until` is in what was read; panics on EOF.
fn read_until(stream: &mut std::net::TcpStream, until: &str) {
    use std::io::Read;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&got).contains(until) {
        let n = stream.read(&mut buf).expect("read the response");
        assert!(
            n > 0,
            "closed early; got {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
}

/// Waits until the server closes `stream` (EOF or reset); how long it took.
fn closed_after(stream: &mut std::net::TcpStream, started: Instant) -> Duration {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(8)))
        .expect("set a read timeout");
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("the server kept the connection open for 8 s")
            }
            Err(_) => return started.elapsed(),
        }
    }
}

#[test]
fn slow_headers_and_idle_keep_alive_connections_are_closed() {
    use std::io::Write;
    use std::net::TcpStream;
    let dir = TempDir::new("conn-timeouts");
    let db = seeded_db(&dir, None);
    let server = Server::start(
        dir.path(),
        &["serve"],
        &[
            ("CONVENE_DATABASE_URL", db.as_str()),
            ("CONVENE_LISTEN", "127.0.0.1:0"),
            ("CONVENE_SERVER__HEADER_READ_TIMEOUT_SECONDS", "1"),
            ("CONVENE_SERVER__IDLE_TIMEOUT_SECONDS", "2"),
        ],
    );
    let healthz = b"GET /healthz HTTP/1.1\r\nHost: convene\r\n\r\n";

    // Half a request line, then nothing: cut after the header time.
    let mut slow = TcpStream::connect(&server.addr).expect("connect");
    let slow_started = Instant::now();
    slow.write_all(b"GET /heal").expect("send half a line");
    // Connected and silent: the same.
    let mut silent = TcpStream::connect(&server.addr).expect("connect");
    let silent_started = Instant::now();

    // A kept-alive connection: its idle time is the longer one, so a second
    // request after more than the header time still works...
    let mut idle = TcpStream::connect(&server.addr).expect("connect");
    idle.write_all(healthz).expect("send");
    read_until(&mut idle, "\r\n\r\nok\n");
    std::thread::sleep(Duration::from_millis(1300));
    idle.write_all(healthz).expect("send again");
    read_until(&mut idle, "\r\n\r\nok\n");
    let idle_started = Instant::now();

    let slow_took = closed_after(&mut slow, slow_started);
    assert!(slow_took < Duration::from_secs(4), "{slow_took:?}");
    let silent_took = closed_after(&mut silent, silent_started);
    assert!(silent_took < Duration::from_secs(4), "{silent_took:?}");
    // ...and it is closed after the idle time.
    let idle_took = closed_after(&mut idle, idle_started);
    assert!(
        idle_took >= Duration::from_millis(1500) && idle_took < Duration::from_secs(5),
        "{idle_took:?}"
    );
    // Meanwhile a normal request is answered.
    assert_eq!(get(&server.addr, "/healthz").status, 200);
    assert_eq!(server.terminate(), Some(0));
}
