package io.quarkiverse.eventstream.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port that forwards every connection to a target, and that can be paused: to simulate a
 * service that goes down and comes back on the same address, e.g. Pushpin's control port while Pushpin itself keeps
 * holding its clients' streams.
 * <p>
 * A paused relay keeps its port and resets every connection as soon as it is accepted, before reading a byte: to a
 * client that is a connection that fails at once, as to a service that is down. It does not give the port up, as
 * another process (or a client's own ephemeral port, connecting to itself) could take it meanwhile and answer.
 * <p>
 * Test code: one platform thread per connection direction.
 */
public final class TcpRelay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger reset = new AtomicInteger();
    private ServerSocket listener;
    private boolean paused;
    private boolean closed;

    private TcpRelay(InetSocketAddress target) {
        this.target = target;
    }

    /** Starts a relay on a free loopback port to {@code host:port}. */
    public static TcpRelay start(String host, int port) throws IOException {
        return start(new InetSocketAddress(host, port));
    }

    /** Starts a relay on a free loopback port to {@code target}. */
    public static TcpRelay start(InetSocketAddress target) throws IOException {
        TcpRelay relay = new TcpRelay(target);
        relay.listen();
        return relay;
    }

    /** The loopback port the relay listens on, kept while it is paused. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Where connections are forwarded to. */
    public InetSocketAddress target() {
        return target;
    }

    /** Whether the relay is paused (or closed). */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** The number of relayed connections open now, counting both sides of each. */
    public int openSockets() {
        return sockets.size();
    }

    /** How many connections the relay accepted since it started, relayed or reset. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** How many connections the relay reset while it was paused. */
    public int resetConnections() {
        return reset.get();
    }

    /**
     * Closes every relayed connection, and from now on resets every new connection to {@link #port()} before reading
     * from it. Does nothing if already paused.
     */
    public synchronized void pause() {
        paused = true;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Relays new connections again, on the same port. Does nothing if not paused. */
    public synchronized void resume() {
        if (closed) {
            throw new IllegalStateException("Closed");
        }
        paused = false;
    }

    /** Pauses for good and gives the port up. */
    @Override
    public synchronized void close() {
        closed = true;
        pause();
        closeQuietly(listener);
    }

    @Override
    public String toString() {
        return "TcpRelay[127.0.0.1:" + port() + " -> " + target + (isPaused() ? ", paused" : "") + "]";
    }

    private void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
        listener = server;
        start("tcp-relay-accept-" + server.getLocalPort(), () -> accept(server));
    }

    private void accept(ServerSocket server) {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                // closed by close()
                return;
            }
            accepted.incrementAndGet();
            start("tcp-relay-" + server.getLocalPort(), () -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        if (!register(client, upstream)) {
            reset.incrementAndGet();
            resetQuietly(client);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            // the target is down: the client sees its connection closed, as it would through a proxy
            closeBoth(client, upstream);
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        start("tcp-relay-" + port(), () -> pump(client, upstream, open));
        pump(upstream, client, open);
    }

    // registers both sides of a connection, unless the relay is paused
    private synchronized boolean register(Socket client, Socket upstream) {
        if (paused) {
            return false;
        }
        sockets.add(client);
        sockets.add(upstream);
        return true;
    }

    private void pump(Socket from, Socket to, AtomicInteger open) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            // half-close: pass the end of one direction on, keep the other open
            to.shutdownOutput();
            if (open.decrementAndGet() == 0) {
                closeBoth(from, to);
            }
        } catch (IOException e) {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    // an RST rather than a FIN: the client's next read or write fails, as on a connection to a port that is down
    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (SocketException e) {
            // already closed
        } catch (Exception e) {
            // nothing to do in a relay for tests
        }
    }
}
