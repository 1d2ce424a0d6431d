import type { ChildProcess } from 'node:child_process';

/**
 * The URL a started web host prints (`http://host:port/?token=…`), read from its output; its whole output
 * is in the error when it exits first or prints none within 15 s, so a failed start says why.
 */
export function webHostUrl(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/\S+\/\?token=[\w-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited with ${code}:\n${output}`));
    });
  });
}
