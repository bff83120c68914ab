// The live web view, loaded on ssc.ui(): it serves its page and uPlot from the installed package.
import { Seconds, StreamingContext } from 'dstream-ts';

const ssc = new StreamingContext(Seconds(1));
const ui = await ssc.ui({ port: 0 });
const page = await fetch(ui.url);
const uplot = await fetch(new URL('vendor/uPlot.esm.js', ui.url));
console.log(JSON.stringify({ page: page.status, uplot: uplot.status }));
await ssc.stop();
