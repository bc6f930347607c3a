/**
 * A progress bar on stderr, so stdout stays free for results. On a terminal it redraws one line (at most
 * ten times a second); elsewhere (logs, CI) it prints a line per tenth of the way.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let lastDraw = 0;
  let lastTenth = -1;
  const started = Date.now();

  const line = (done: number, total: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return (
      `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ` +
      `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)`
    );
  };

  let last = { done: 0, total: 0 };
  return {
    update(done, total) {
      last = { done, total };
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${line(done, total)}\u001b[K`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line(done, total)}\n`);
      }
    },
    finish() {
      if (stream.isTTY) {
        stream.write(`\r${line(last.done, last.total)}\u001b[K\n`);
      } else if (lastTenth < 10) {
        stream.write(`${line(last.done, last.total)}\n`);
      }
    },
  };
}
