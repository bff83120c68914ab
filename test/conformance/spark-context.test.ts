/**
 * Conformance: the SparkContext and SparkConf members a streaming program uses, after Spark's
 * `SparkContextSuite`, `SparkConfSuite` and `FileSuite` (apache/spark
 * core/src/test/scala/org/apache/spark/), `WholeTextFileRecordReaderSuite`
 * (core/src/test/scala/org/apache/spark/input/), and the doctests of PySpark's `context.py`.
 * Files are real files in fresh temporary directories.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileAlreadyExistsError,
  IllegalArgumentError,
  IllegalStateError,
  NoSuchElementError,
  type Pair,
  Seconds,
  SparkConf,
  SparkContext,
  SparkError,
  StreamingContext,
} from '../../src/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dstream-ts-sc-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SparkConf (SparkConfSuite)', () => {
  it('SparkConfSuite › basic get and set', () => {
    const conf = new SparkConf();
    expect(conf.getAll()).toEqual([]);
    conf.set('k1', 'v1');
    conf.setAll([
      ['k2', 'v2'],
      ['k3', 'v3'],
    ]);
    expect(new Set(conf.getAll().map(String))).toEqual(new Set(['k1,v1', 'k2,v2', 'k3,v3']));
    conf.set('k1', 'v4');
    expect(conf.contains('k1')).toBe(true);
    expect(conf.contains('k4')).toBe(false);
    expect(conf.get('k1')).toBe('v4');
    expect(() => conf.get('k4')).toThrow(NoSuchElementError);
    expect(() => conf.get('k4')).toThrow(/^k4$/);
    expect(conf.get('k4', 'not found')).toBe('not found');
    expect(conf.getOption('k1')).toBe('v4');
    expect(conf.getOption('k4')).toBeUndefined();
  });

  it('SparkConfSuite › named set methods', () => {
    const conf = new SparkConf().setMaster('local[3]').setAppName('My app');
    expect(conf.get('spark.master')).toBe('local[3]');
    expect(conf.get('spark.app.name')).toBe('My app');
    expect(conf.setIfMissing('spark.app.name', 'other').get('spark.app.name')).toBe('My app');
    expect(conf.remove('spark.app.name').contains('spark.app.name')).toBe(false);
    expect(conf.set('spark.default.parallelism', 4).get('spark.default.parallelism')).toBe('4');
    expect(new SparkConf().set('b', '2').set('a', '1').toDebugString()).toBe('a=1\nb=2');
  });

  it('SparkConfSuite › creating SparkContext with both master and app name', () => {
    const sc = new SparkContext(new SparkConf().setMaster('local').setAppName('My app'));
    expect(sc.master).toBe('local');
    expect(sc.appName).toBe('My app');
    expect(sc.defaultParallelism).toBe(1);
  });

  it('SparkConfSuite › SparkContext property overriding', () => {
    const conf = new SparkConf().setMaster('local').setAppName('My app');
    const sc = new SparkContext('local[2]', 'My other app', conf);
    expect(sc.master).toBe('local[2]');
    expect(sc.appName).toBe('My other app');
    // The caller's conf is left as it was.
    expect(conf.get('spark.master')).toBe('local');
  });

  it('SparkConfSuite › creating SparkContext without master and app name (differs: defaults)', () => {
    // Differs from Spark: Spark fails ("A master URL must be set in your configuration"), since
    // spark-submit supplies them; here there is no spark-submit, so Spark's examples run as written.
    const sc = new SparkContext(new SparkConf());
    expect(sc.master).toBe('local[2]');
    expect(sc.appName).toBe('dstream-ts');
  });
});

describe('SparkContext (SparkContextSuite)', () => {
  it("master URLs: local[N] sets the default parallelism; bad URLs fail with Spark's text", () => {
    expect(new SparkContext('local[4]', 'a').defaultParallelism).toBe(4);
    expect(new SparkContext('local[3, 2]', 'a').defaultParallelism).toBe(3);
    expect(new SparkContext('local[*]', 'a').defaultParallelism).toBeGreaterThan(0);
    expect(new SparkContext('local[4]', 'a').defaultMinPartitions).toBe(2);
    expect(new SparkContext('local', 'a').defaultMinPartitions).toBe(1);
    expect(() => new SparkContext('local[0]', 'a')).toThrow('Asked to run locally with 0 threads');
    expect(() => new SparkContext('lokal', 'a')).toThrow("Could not parse Master URL: 'lokal'");
    expect(() => new SparkContext('spark://host:7077', 'a')).toThrow(SparkError);
    const conf = new SparkConf().setMaster('local[4]').set('spark.default.parallelism', '3');
    expect(new SparkContext(conf).defaultParallelism).toBe(3);
  });

  it('SparkContextSuite › Test getOrCreate', () => {
    const sc = new SparkContext(new SparkConf().setAppName('test').setMaster('local'));
    // The active context is the newest one not stopped.
    expect(SparkContext.getOrCreate()).toBe(sc);
    const sc2 = SparkContext.getOrCreate(new SparkConf().setAppName('test2').setMaster('local'));
    expect(sc2).toBe(sc);
    expect(sc2.getConf().get('spark.app.name')).toBe('test');
    sc.stop();
    const fresh = SparkContext.getOrCreate(new SparkConf().setAppName('test3'));
    expect(fresh).not.toBe(sc);
    expect(fresh.appName).toBe('test3');
  });

  it('version, applicationId, startTime (PySpark doctests: applicationId is local-...)', () => {
    const before = Date.now();
    const sc = new SparkContext();
    expect(sc.version).toBe('3.5.0');
    expect(sc.applicationId).toBe(`local-${sc.startTime}`);
    expect(sc.startTime).toBeGreaterThanOrEqual(before);
    expect(sc.defaultMinPartitions).toBeGreaterThan(0);
  });

  it('SparkContextSuite › log level case-insensitive and reset log level', () => {
    const sc = new SparkContext();
    sc.setLogLevel('debug');
    expect(sc.logLevelFilter.level).toBe('DEBUG');
    sc.setLogLevel('INfo');
    expect(sc.logLevelFilter.level).toBe('INFO');
    const verbose = (): void => {
      sc.setLogLevel('verbose');
    };
    expect(verbose).toThrow(IllegalArgumentError);
    expect(verbose).toThrow(
      'requirement failed: Supplied level verbose did not match one of: ALL,DEBUG,ERROR,FATAL,TRACE,WARN,INFO,OFF',
    );
  });

  it('setJobGroup, setJobDescription, clearJobGroup and local properties', () => {
    const sc = new SparkContext();
    sc.setJobGroup('group', 'some description');
    expect(sc.getLocalProperty('spark.jobGroup.id')).toBe('group');
    expect(sc.getLocalProperty('spark.job.description')).toBe('some description');
    expect(sc.getLocalProperty('spark.job.interruptOnCancel')).toBe('false');
    sc.setJobDescription('another');
    expect(sc.getLocalProperty('spark.job.description')).toBe('another');
    sc.clearJobGroup();
    expect(sc.getLocalProperty('spark.jobGroup.id')).toBeUndefined();
    expect(sc.getLocalProperty('spark.job.description')).toBeUndefined();
    sc.setLocalProperty('testProperty', 'testValue');
    expect(sc.getLocalProperty('testProperty')).toBe('testValue');
    sc.setLocalProperty('testProperty', null);
    expect(sc.getLocalProperty('testProperty')).toBeUndefined();
  });

  it('setCheckpointDir makes a random sub-directory, as Spark does', () => {
    const sc = new SparkContext();
    expect(sc.getCheckpointDir()).toBeUndefined();
    sc.setCheckpointDir(dir);
    const first = sc.getCheckpointDir() as string;
    expect(first.startsWith(`${dir}/`)).toBe(true);
    expect(first.slice(dir.length + 1)).toMatch(/^[0-9a-f-]{36}$/);
    sc.setCheckpointDir(dir);
    expect(sc.getCheckpointDir()).not.toBe(first);
  });

  it("ssc.checkpoint(dir) sets the SparkContext's checkpoint directory too", async () => {
    const ssc = new StreamingContext(Seconds(1));
    ssc.checkpoint(dir);
    expect(ssc.sparkContext.getCheckpointDir()?.startsWith(`${dir}/`)).toBe(true);
    await ssc.stop();
  });

  it("new StreamingContext(conf, Seconds(1)) and (master, appName, Seconds(1)), Spark's forms", async () => {
    const conf = new SparkConf().setAppName('NetworkWordCount').setMaster('local[3]');
    const fromConf = new StreamingContext(conf, Seconds(1));
    expect([fromConf.sparkContext.appName, fromConf.sparkContext.master]).toEqual([
      'NetworkWordCount',
      'local[3]',
    ]);
    expect(fromConf.sparkContext.defaultParallelism).toBe(3);
    expect(fromConf.batchDuration.milliseconds).toBe(1000);
    await fromConf.stop();
    const fromMaster = new StreamingContext('local[2]', 'App', Seconds(2));
    expect([fromMaster.sparkContext.master, fromMaster.sparkContext.appName]).toEqual([
      'local[2]',
      'App',
    ]);
    expect(fromMaster.batchDuration.milliseconds).toBe(2000);
    await fromMaster.stop();
    expect(() => new StreamingContext(conf, 1 as never)).toThrow(
      'Expected `batchDuration` to be a Duration, got the number 1: write Seconds(1)',
    );
  });

  it('a stopped context refuses the new factories too', () => {
    const sc = new SparkContext();
    sc.stop();
    expect(() => sc.range(0, 3)).toThrow(IllegalStateError);
    expect(() => sc.textFile(dir)).toThrow('Cannot call methods on a stopped SparkContext.');
    expect(() => sc.broadcast(1)).toThrow(IllegalStateError);
  });
});

describe('SparkContext.range (PySpark context.py doctests)', () => {
  const sc = new SparkContext();

  it('context.py › range', () => {
    expect(sc.range(5).collect()).toEqual([0, 1, 2, 3, 4]);
    expect(sc.range(2, 4).collect()).toEqual([2, 3]);
    expect(sc.range(1, 7, 2).collect()).toEqual([1, 3, 5]);
    expect(sc.range(5, 0, -1).collect()).toEqual([5, 4, 3, 2, 1]);
    expect(sc.range(0, 5, -1).collect()).toEqual([]);
    expect(sc.range(5, undefined, 1, 1).getNumPartitions()).toBe(1);
    expect(sc.range(5, undefined, 1, 10).getNumPartitions()).toBe(10);
  });

  it("partitions the range as parallelize cuts a list (Spark's range), and refuses step 0", () => {
    expect(sc.range(0, 10, 1, 3).glom().collect()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8, 9],
    ]);
    expect(sc.range(0, 10, 3, 2).glom().collect()).toEqual([
      [0, 3],
      [6, 9],
    ]);
    expect(() => sc.range(0, 10, 0)).toThrow('requirement failed: step cannot be 0');
    expect(sc.range(0, 10, 1, 2).toDebugString()).toMatch(
      /^\(2\) MapPartitionsRDD\[\d+\] at range at .*\n {1}\| {2}ParallelCollectionRDD\[\d+\] at range at /,
    );
  });
});

describe('textFile, wholeTextFiles, objectFile (FileSuite, WholeTextFileRecordReaderSuite)', () => {
  const sc = new SparkContext('local', 'test');

  it('FileSuite › text files', async () => {
    const outputDir = join(dir, 'output');
    await sc.makeRDD([1, 2, 3, 4]).saveAsTextFile(outputDir);
    expect(await readFile(join(outputDir, 'part-00000'), 'utf8')).toBe('1\n2\n3\n4\n');
    expect(sc.textFile(outputDir).collect()).toEqual(['1', '2', '3', '4']);
  });

  it('context.py › textFile: one path, and two separated by a comma', async () => {
    const path1 = join(dir, 'text1');
    const path2 = join(dir, 'text2');
    await sc.parallelize(['x', 'y', 'z']).saveAsTextFile(path1);
    await sc.parallelize(['aa', 'bb', 'cc']).saveAsTextFile(path2);
    expect(sc.textFile(path1, 3).collect().sort()).toEqual(['x', 'y', 'z']);
    expect(sc.textFile(path2, 4).collect().sort()).toEqual(['aa', 'bb', 'cc']);
    expect(sc.textFile(`${path1},${path2}`, 5).collect().sort()).toEqual([
      'aa',
      'bb',
      'cc',
      'x',
      'y',
      'z',
    ]);
  });

  it('SparkContextSuite › Comma separated paths for newAPIHadoopFile/wholeTextFiles/binaryFiles (SPARK-7155)', async () => {
    const dir1 = join(dir, 'dir1');
    const dir2 = join(dir, 'dir2');
    await mkdir(dir1);
    await mkdir(dir2);
    await writeFile(
      join(dir1, 'part-00000'),
      'someline1 in file1\nsomeline2 in file1\nsomeline3 in file1',
    );
    await writeFile(join(dir1, 'part-00001'), 'someline1 in file2\nsomeline2 in file2');
    await writeFile(join(dir2, 'part-00000'), 'someline1 in file3');
    await writeFile(join(dir2, 'part-00001'), 'someline1 in file4\nsomeline2 in file4');
    await writeFile(join(dir2, 'part-00002'), 'someline1 in file2\nsomeline2 in file5');
    const f = (d: string, name: string): string => join(d, name);
    expect(sc.textFile(`${f(dir1, 'part-00000')},${f(dir1, 'part-00001')}`).count()).toBe(5);
    expect(
      sc
        .textFile([f(dir2, 'part-00000'), f(dir2, 'part-00001'), f(dir2, 'part-00002')].join(','))
        .count(),
    ).toBe(5);
    expect(sc.wholeTextFiles(`${dir1},${dir2}`).count()).toBe(5);
  });

  it("splits files as Hadoop's TextInputFormat: each line read once, lines split across splits", async () => {
    // 26 lines of 1 to 26 characters with \n, \r\n and \r terminators mixed, and no final newline.
    const lines = Array.from({ length: 26 }, (_, i) =>
      'abcdefghijklmnopqrstuvwxyz'.slice(0, i + 1),
    );
    const terminators = ['\n', '\r\n', '\r'];
    const text = lines
      .map((line, i) => line + (i === 25 ? '' : (terminators[i % 3] ?? '')))
      .join('');
    await writeFile(join(dir, 'lines.txt'), text);
    for (const minPartitions of [1, 2, 3, 7, 50, 400]) {
      const rdd = sc.textFile(join(dir, 'lines.txt'), minPartitions);
      expect(rdd.collect()).toEqual(lines);
    }
    // A 3-byte file with 2 minimum partitions: splits of 1 byte (goal size 3 / 2 = 1), as Spark.
    await writeFile(join(dir, 'tiny.txt'), 'a\nb');
    const tiny = sc.textFile(join(dir, 'tiny.txt'), 2);
    expect(tiny.getNumPartitions()).toBe(3);
    expect(tiny.glom().collect()).toEqual([['a'], ['b'], []]);
  });

  it('skips hidden files in directories, reads globs, keeps empty lines, skips a BOM', async () => {
    await writeFile(join(dir, 'a.txt'), '\uFEFFfirst\n\nthird\n');
    await writeFile(join(dir, 'b.log'), 'log line\n');
    await writeFile(join(dir, '_SUCCESS'), '');
    await writeFile(join(dir, '.hidden'), 'secret\n');
    expect(sc.textFile(dir, 1).collect()).toEqual(['first', '', 'third', 'log line']);
    expect(sc.textFile(join(dir, '*.txt')).collect()).toEqual(['first', '', 'third']);
    expect(sc.textFile(join(dir, '{a,b}.*')).count()).toBe(4);
  });

  it("a missing path fails at the first action with Hadoop's text; the RDD is named after the path", () => {
    const missing = join(dir, 'nope');
    const rdd = sc.textFile(missing);
    expect(rdd.name).toBe(missing);
    expect(() => rdd.count()).toThrow(SparkError);
    expect(() => rdd.count()).toThrow(`Input path does not exist: file:${missing}`);
    expect(() => sc.textFile(join(dir, '*.none')).count()).toThrow(
      `Input Pattern file:${join(dir, '*.none')} matches 0 files`,
    );
  });

  it('PairRDDFunctionsSuite › zero-partition RDD (an empty directory)', () => {
    const file = sc.textFile(dir);
    expect(file.getNumPartitions()).toBe(0);
    expect(file.collect()).toEqual([]);
    expect(
      file
        .map((line) => [line, 1])
        .reduceByKey((a, b) => a + b)
        .collect(),
    ).toEqual([]);
  });

  it('WholeTextFileRecordReaderSuite › Correctness of WholeTextFileRecordReader.', async () => {
    const files = new Map([
      ['part-00000', 'Spark is easy to use.\n'],
      ['part-00001', 'Spark is fast.\nSpark is widely used.\n'],
      ['part-00002', 'Spark can run on YARN.'],
      ['part-00003', ''],
    ]);
    for (const [name, contents] of files) await writeFile(join(dir, name), contents);
    const result = sc.wholeTextFiles(dir, 3).collect();
    expect(result).toHaveLength(files.size);
    for (const [path, contents] of result) {
      expect(path.startsWith(`file:${dir}/`)).toBe(true);
      expect(contents).toBe(files.get(path.split('/').pop() as string));
    }
  });

  it('context.py › wholeTextFiles', async () => {
    await writeFile(join(dir, '1.txt'), '123');
    await writeFile(join(dir, '2.txt'), 'xyz');
    expect(sc.wholeTextFiles(dir).collect().sort()).toEqual([
      [`file:${join(dir, '1.txt')}`, '123'],
      [`file:${join(dir, '2.txt')}`, 'xyz'],
    ]);
  });

  it('wholeTextFiles packs files into about minPartitions partitions of similar size', async () => {
    for (let i = 0; i < 6; i++) await writeFile(join(dir, `f${i}`), 'x'.repeat(10));
    expect(
      sc
        .wholeTextFiles(dir, 3)
        .glom()
        .collect()
        .map((p) => p.length),
    ).toEqual([2, 2, 2]);
    expect(sc.wholeTextFiles(dir, 4).getNumPartitions()).toBe(3);
  });

  it('FileSuite › object files of ints', async () => {
    const outputDir = join(dir, 'output');
    await sc.makeRDD([1, 2, 3, 4]).saveAsObjectFile(outputDir);
    expect(sc.objectFile<number>(outputDir).collect()).toEqual([1, 2, 3, 4]);
  });

  it('FileSuite › object files of complex types', async () => {
    const outputDir = join(dir, 'output');
    await sc
      .makeRDD([1, 2, 3])
      .map((x) => [x, 'a'.repeat(x)])
      .saveAsObjectFile(outputDir);
    expect(sc.objectFile<Pair<number, string>>(outputDir).collect()).toEqual([
      [1, 'a'],
      [2, 'aa'],
      [3, 'aaa'],
    ]);
  });

  it('object files round-trip what checkpoints keep: Map, Set, Date, bigint, undefined, typed arrays', async () => {
    const values: unknown[] = [
      new Map([['k', [1, 2]]]),
      new Set(['a']),
      new Date(1636884054000),
      12345678901234567890n,
      undefined,
      null,
      new Float64Array([1.5, 2.5]),
      { nested: { list: [1, 'two', [3]] } },
      ['tuple', 1],
    ];
    const outputDir = join(dir, 'objects');
    await sc.parallelize(values, 3).saveAsObjectFile(outputDir);
    const read = sc.objectFile<unknown>(outputDir);
    expect(read.getNumPartitions()).toBe(3);
    expect(read.collect()).toEqual(values);
  });

  it('context.py › pickleFile: several object-file directories separated by commas', async () => {
    const path1 = join(dir, 'pickled1');
    const path2 = join(dir, 'pickled2');
    await sc.parallelize([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3).saveAsObjectFile(path1);
    await sc.parallelize([-10, -9, -8, -7, -6], 3).saveAsObjectFile(path2);
    expect(
      sc
        .objectFile<number>(`${path1},${path2}`)
        .collect()
        .sort((a, b) => a - b),
    ).toEqual([-10, -9, -8, -7, -6, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('saveAsObjectFile refuses an existing directory, as saveAsTextFile does', async () => {
    await expect(sc.parallelize([1]).saveAsObjectFile(dir)).rejects.toThrow(FileAlreadyExistsError);
    await expect(sc.parallelize([1]).saveAsObjectFile(dir)).rejects.toThrow(
      `Output directory ${dir} already exists`,
    );
  });

  it('context.py › union of a text file and a parallelized RDD', async () => {
    await writeFile(join(dir, 'union-text.txt'), 'Hello');
    const unioned = sc.union([sc.textFile(dir), sc.parallelize(['World!'])]).collect();
    expect(unioned.sort()).toEqual(['Hello', 'World!']);
  });
});
