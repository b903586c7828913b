import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The real server as a child process (`tsx server/main.ts`) on a given database file, for tests
 * that kill it or need a separate process. Resolves with its URL once it listens.
 */
export async function startServerProcess(opts: { dbFile: string; dataDir: string; clockStart?: string; timeoutMs?: number; env?: Record<string, string> }) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: opts.dbFile,
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: 'error',
      // Tests publish the 2018 results themselves (version 1).
      DEMO_PUBLISH: 'false',
      ...(opts.clockStart ? { APP_CLOCK_START: opts.clockStart } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), opts.timeoutMs ?? 60_000);
    const onData = (buf: Buffer) => {
      output += buf.toString();
      const m = output.match(/http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    child,
    output: () => output,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      child.kill(signal);
      await exited;
    },
  };
}

/** Minimal HTTP client for tRPC procedures with a cookie. */
export async function trpcCall(url: string, proc: string, input: unknown, cookie?: string, method: 'GET' | 'POST' = 'POST') {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const res =
    method === 'GET'
      ? await fetch(`${url}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(`${url}/trpc/${proc}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string; data: { code: string } } };
  return { status: res.status, body, setCookie: res.headers.get('set-cookie') };
}

export async function loginCookie(url: string, username: string, password = 'demo2018'): Promise<string> {
  const r = await trpcCall(url, 'auth.login', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(r.body)}`);
  return (r.setCookie ?? '').split(';')[0];
}
