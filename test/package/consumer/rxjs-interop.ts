// RxJS interop with the consumer's own rxjs (an older 7.8 than dstream-ts is built with): the
// user's Observable goes in, dstream-ts's Observables come out typed with the user's rxjs.
import { firstValueFrom, of, toArray, type Observable } from 'rxjs';
import { type BatchData, ManualClock, Seconds, StreamingContext } from 'dstream-ts';

const clock = new ManualClock();
const ssc = new StreamingContext({ batchDuration: Seconds(1), clock });
const doubled = ssc.fromObservable(of(1, 2, 3)).map((n) => n * 2);
const batches: Observable<BatchData<number>> = doubled.toObservable();
const collected = firstValueFrom(batches.pipe(toArray()));
ssc.start();
await clock.advance(Seconds(2));
await ssc.stop();
console.log(JSON.stringify((await collected).map(({ time, data }) => [time.milliseconds, data])));
