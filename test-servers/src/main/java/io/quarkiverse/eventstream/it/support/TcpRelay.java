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
 * Test code: one platform thread per connection direction.
 */
public final class TcpRelay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private int port;
    private ServerSocket listener;
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

    /** The loopback port the relay listens on; the same after {@link #resume()}. */
    public synchronized int port() {
        return port;
    }

    /** Where connections are forwarded to. */
    public InetSocketAddress target() {
        return target;
    }

    /** Whether the relay is paused (or closed). */
    public synchronized boolean isPaused() {
        return listener == null;
    }

    /** The number of relayed connections open now, counting both sides of each. */
    public int openSockets() {
        return sockets.size();
    }

    /** How many connections the relay accepted since it started. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Stops listening and closes every relayed connection: from now on connecting to {@link #port()} is refused. Does
     * nothing if already paused.
     */
    public synchronized void pause() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /**
     * Listens again on the same port. Does nothing if not paused.
     *
     * @throws IOException if the port was taken meanwhile
     */
    public synchronized void resume() throws IOException {
        if (closed) {
            throw new IllegalStateException("Closed");
        }
        if (listener == null) {
            listen();
        }
    }

    /** Pauses for good. */
    @Override
    public synchronized void close() {
        closed = true;
        pause();
    }

    @Override
    public String toString() {
        return "TcpRelay[127.0.0.1:" + port + " -> " + target + (isPaused() ? ", paused" : "") + "]";
    }

    private synchronized void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            // lets the port be bound again at once, with connections of the last session in TIME_WAIT
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
        port = server.getLocalPort();
        listener = server;
        start("tcp-relay-accept-" + server.getLocalPort(), () -> accept(server));
    }

    private void accept(ServerSocket server) {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                // closed by pause() or close()
                return;
            }
            accepted.incrementAndGet();
            start("tcp-relay-" + server.getLocalPort(), () -> relay(server, client));
        }
    }

    private void relay(ServerSocket server, Socket client) {
        Socket upstream = new Socket();
        if (!register(server, client) || !register(server, upstream)) {
            closeQuietly(client);
            closeQuietly(upstream);
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
        start("tcp-relay-" + server.getLocalPort(), () -> pump(client, upstream, open));
        pump(upstream, client, open);
    }

    // registers a socket, unless the relay was paused after accepting it
    private synchronized boolean register(ServerSocket server, Socket socket) {
        if (listener != server) {
            return false;
        }
        sockets.add(socket);
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
