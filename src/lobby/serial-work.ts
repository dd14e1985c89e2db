// Runs one job at a time and coalesces requests: asking while a run is under way schedules exactly
// one more run after it, however many times it was asked. This is how a burst of shoulder taps
// becomes one session read, and why the lobby never has two writes of its own in flight.

export class SerialWork {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  /** Asks for a run; resolves when a run that started after this request has finished. */
  request(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop();
    return this.running;
  }

  /** Resolves once nothing is running (without asking for a run). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.job();
      } while (this.again);
    } finally {
      this.running = undefined;
    }
  }
}
