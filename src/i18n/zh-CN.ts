// zh-CN.ts is the Simplified Chinese catalogue (see messages.ts). Terms of
// the field stay as Go users write them (逃逸分析, 堆分配, 内联, alloc_space,
// GC, B/op, allocs/op), and whatever the compiler or a benchmark printed
// (messages such as "moved to heap: x", expressions, function and benchmark
// names, flags) is quoted as printed; only the words around it are Chinese.
import { formatBytes, formatCount, formatPercent, formatSignificant } from '../human-units.js';
import type { Interval } from '../verify/check-report.js';
import type { AllocsResult, InlineResult, NoescapeResult } from '../verify/assertions.js';
import type { StoryAt, StoryTail } from '../escape/model.js';
import { storyText } from './story.js';
import type { RuleVerdict } from '../verify/rule-report.js';
import type { AssertionMessages, CauseMessages, ChangeMessages, CheckMessages, EscapeMessages, ExperimentMessages, MapMessages, Messages } from './messages.js';

/** num prints a measured count as benchmarks print it (integers bare, fractions to 3 significant digits). */
function num(v: number): string {
  return Number.isInteger(v) ? String(v) : formatSignificant(v, 3);
}

/** interval is a median's 95% interval, or why there is none. */
function interval(i: Interval): string {
  return Number.isFinite(i.low) && Number.isFinite(i.high) ? `95% 置信区间 ${num(i.low)}–${num(i.high)}` : `运行次数太少，无法给出 95% 置信区间（至少需要 6 次）`;
}

function noescapeHeadline(r: NoescapeResult): string {
  const at = `第 ${r.line} 行${r.function !== null ? `（${r.function} 中）` : ''}`;
  if (r.status === 'held') return `${at}没有堆分配决定`;
  if (r.status === 'failed') return `${at}有 ${r.decisions.length} 个堆分配决定：${r.decisions.map((d) => d.message).join('; ')}`;
  return `${at}未判定：${assertion.notJudged[r.why ?? 'file-not-compiled']}`;
}

function inlineHeadline(r: InlineResult): string {
  const calls = r.calls.length;
  const missed = r.calls.filter((c) => !c.inlined).length;
  if (r.status === 'held') {
    const cost = r.verdict?.kind === 'can-inline' && r.verdict.cost !== null ? `（开销 ${r.verdict.cost}）` : '';
    return calls === 0 ? `${r.function} 可以内联${cost}；包内没有对它的调用` : `${r.function} 在包内${calls === 1 ? '唯一的一处调用' : `全部 ${calls} 处调用`}都被内联${cost}`;
  }
  if (r.status === 'failed') {
    if (r.verdict?.kind === 'cannot-inline') return `编译器：cannot inline ${r.function}: ${r.verdict.reason}` + (calls > 0 ? `（包内 ${calls} 处调用，均未内联）` : '');
    return `${r.function} 在包内 ${calls} 处调用中有 ${missed} 处未被内联`;
  }
  return `${r.function} 未判定：${assertion.notJudged[r.why ?? 'no-inlining-evidence']}`;
}

function allocsHeadline(r: AllocsResult): string {
  if (r.status === 'not-measured' || r.status === 'not-compiled') return `${r.benchmark}：预算 ${r.max} allocs/op 未测量：${assertion.notJudged[r.why ?? 'static']}`;
  const worst = [...r.runs].sort((a, b) => b.allocsPerOp.median - a.allocsPerOp.median)[0];
  const median = worst ? num(worst.allocsPerOp.median) : '?';
  const subs = r.runs.length > 1 ? `（${r.runs.length} 个结果中的最高值）` : '';
  return r.status === 'held' ? `${r.benchmark}：中位数 ${median} allocs/op${subs}，在预算 ${r.max} 以内` : `${r.benchmark}：中位数 ${median} allocs/op${subs}，超出预算 ${r.max}`;
}

const assertion: AssertionMessages = {
  heading: (c) =>
    `源码中的断言（${[`${c.held} 个成立`, `${c.failed} 个失败`, ...(c.unjudged > 0 ? [`${c.unjudged} 个未判定`] : []), ...(c.malformed > 0 ? [`${c.malformed} 个格式错误`] : [])].join('，')}）`,
  status: { held: '成立', failed: '失败', 'not-measured': '未测量', 'not-compiled': '未编译' },
  headline: { noescape: noescapeHeadline, inline: inlineHeadline, allocs: allocsHeadline },
  notJudged: {
    'file-not-compiled': '它所在的文件不在诊断构建中（构建标签，或构建未包含测试时的测试文件）',
    'no-inlining-evidence': '构建没有记录它的内联结论（超过 64 个包的构建不读取 -m 文本；请指定更少的包）',
    static: '由 `heapsight check` 测量',
    'not-run': '该基准测试没有运行（未被 --bench 匹配，或运行失败）',
    'no-allocs-unit': '它的结果中没有 allocs/op',
  },
  malformed: {
    'unknown-name': (m) => `未知指令 //heapsight:${m.name}（已知：noescape、inline、allocs N）`,
    spaced: (m) => `"${m.text}" 在 // 之后有空格：请像 Go 书写指令那样写成 //heapsight:${m.name}，否则它会被当作普通注释`,
    'missing-budget': () => '//heapsight:allocs 需要预算：//heapsight:allocs N，N 为非负整数',
    'bad-budget': (m) => `"${m.text}"：预算必须是非负整数`,
    'extra-argument': (m) => `"${m.text}"：//heapsight:${m.name} 不接受参数`,
    'on-nothing': (m) => `//heapsight:${m.name} 没有作用对象：在代码块结束前它后面没有代码行`,
    'not-on-function': (m) => `//heapsight:${m.name} 应写在函数的文档注释中（紧挨 func 上方的注释行）`,
    'not-on-benchmark': (m) => `//heapsight:${m.name} 应写在基准测试的文档注释中（_test.go 文件中的 func BenchmarkXxx(b *testing.B)）`,
  },
  lineCost: (c) =>
    `实测：这一行分配了 ${formatBytes(c.allocBytes)}，共 ${formatCount(c.allocObjects)} 个对象，占堆 profile 中 alloc_space 的 ${formatPercent(c.share, 1)}` +
    (c.runtimeCalls.length > 0 ? `（此处的运行时调用：${c.runtimeCalls.join(', ')}）` : ''),
  notInlinedCall: (c, where) => `未内联：${c.caller} 中位于 ${where} 的 ${c.callee}(…)（那里没有 "inlining call to"）`,
  inlinedElsewhere: (n) => `编译器还内联了 ${n} 处源码扫描未识别的调用（经由函数值）`,
  allocsRun: (r, max) =>
    `实测：${r.benchmark} ${num(r.allocsPerOp.median)} allocs/op（${interval(r.allocsPerOp)}），共 ${r.samples.length} 次运行 [${r.samples.map(num).join(' ')}]，` +
    `${formatBytes(r.bytesPerOp.median)}/op —— ${r.withinBudget ? '在' : '超出'}预算 ${max}${r.withinBudget ? ' 以内' : ''}`,
};

function at(a: StoryAt | null, extra: string | null = null): string {
  const where = a === null ? null : a.file !== undefined ? `${a.file}:${a.line}` : `第 ${a.line} 行`;
  if (where === null) return extra === null ? '' : `（${extra}）`;
  return extra === null ? `（${where}）` : `（${where}，${extra}）`;
}

const its = (address: boolean): string => (address ? '它的地址' : '它');

function tail(t: StoryTail, fn: string | null): string {
  return t === 'returned' ? `，而 ${fn ?? '该函数'} 会返回它` : t === 'escapes' ? '，而后者本身也逃逸' : '';
}

/** stop drops a sentence's final full stop before more is appended. */
const stop = (t: string): string => t.replace(/[。.]$/, '');

const SAMPLE_INDEX_REASON = {
  requested: '由 --sample-index 选择',
  'heap-alloc-space': '堆 profile：heapsight 默认使用 alloc_space，即 GC 压力的视角；pprof 会显示 inuse_space',
  'default-sample-type': 'profile 的 default_sample_type',
  last: '最后一个样本类型；profile 没有设置默认值',
} as const;

const MAP_INSERT = 'map 插入（小 map 在第一次插入时分配它的第一个组，map 增长时分配新的组或表）';

const cause: CauseMessages = {
  kinds: {
    'interface-conversion': {
      title: '转换为接口（装箱）',
      explanation:
        '不是指针形状的值要存入接口，需要一块自己的内存（即“箱子”，由 runtime.convT* 分配）；当接口的生命周期超出当前栈帧（传给 fmt、存入 any、传给会泄漏的参数）时，这个箱子就在堆上。转换为接口的指针不需要箱子：它是否逃逸取决于接口去了哪里。',
      fix: '热路径上保持具体类型：使用有类型的函数（用 strconv.AppendInt 代替 fmt）、泛型，或传递指向已在堆上的值的指针。',
    },
    'closure-capture': {
      title: '被逃逸的闭包捕获',
      explanation: '按引用捕获的变量与闭包同寿；当闭包被返回、存储或作为 goroutine 运行时，该变量会被移到堆上。',
      fix: '把值作为参数传入而不是捕获它，捕获一份副本，或者不让闭包的生命周期超出函数。',
    },
    'address-stored': {
      title: '取了地址并被存储',
      explanation: '它的地址被存入一个生命周期超出函数的结构体、切片或其他对象中，所以这个变量本身也必须活得比函数更久。',
      fix: '存储值而不是指向它的指针，或者只分配一次并在多次调用之间复用。',
    },
    'address-returned': {
      title: '返回了地址',
      explanation: '函数返回了指向局部变量的指针，所以该变量必须活得比这次调用更久。',
      fix: '返回值而不是指针，或者让调用方传入要填充的内存（func F(dst *T)）。函数被内联时，调用方可能把它留在栈上。',
    },
    returned: {
      title: '返回给调用方',
      explanation: '这个值（或它背后的内存）被返回，所以它活得比创建它的函数更久。',
      fix: '让调用方提供缓冲区（append 风格的 API：func AppendX(dst []byte, …) []byte），或者让函数小到可以内联。',
    },
    'global-or-heap-assign': {
      title: '赋值给全局变量或堆上的对象',
      explanation: '它被存入包级变量，或经由编译器无法追踪的指针存储，而那里可能永远存活。',
      fix: '不要把每次调用的数据存入全局变量或长寿对象；复制这个值，或者把它向下传递而不是存储它。',
    },
    'too-large': {
      title: '对栈来说太大',
      explanation: '大于编译器栈上限的变量（显式变量 10 MB，new(T)、&T{} 和 make([]T, const) 等隐式变量 64 KB）总是分配在堆上。',
      fix: '大缓冲区只分配一次并复用（字段、sync.Pool），或者分块处理数据。',
    },
    'non-constant-size': {
      title: '大小在编译期未知',
      explanation: '大小不是常量的 make 不能放在栈上（从 go1.25 起，小的会使用 32 字节的栈缓冲区，不够时回退到 runtime.makeslice）。',
      fix: '已知上限时使用常量容量（make([]T, n, 64)），或者在多次调用之间复用缓冲区。',
    },
    appended: {
      title: '被追加到逃逸的切片',
      explanation: '追加到切片的值存放在它的底层数组里；当切片活得比函数更久时，其中存放的东西也必须如此。',
      fix: '追加值而不是指向局部变量的指针，或者让切片只在函数内部使用。',
    },
    'map-key-value': {
      title: '存入 map 或切片元素',
      explanation: 'map 的条目和切片的元素位于编译器不逐个追踪的堆内存中，所以存入其中的任何东西都必须在堆上。',
      fix: '值较小时，在 map 或切片中存值而不是指针（用 map[K]V 而不是 map[K]*V）。',
    },
    'channel-send': {
      title: '发送到通道',
      explanation: '发送到通道的值可能在之后任意时刻被任意 goroutine 接收，所以它必须在堆上。',
      fix: '发送值而不是指针；对象较大时通过池复用。',
    },
    'leaky-callee': {
      title: '传给会泄漏的参数',
      explanation: '被调用函数在调用结束后仍保留其参数（存储它、把它返回给会逃逸的东西，或通过编译器看不透的接口或函数值调用），所以传给它的实参会逃逸。',
      fix: '修改被调用函数，让它的参数不泄漏（对其所在包运行 heapsight escape 可以看到原因），让它可以内联，或者传一份副本。',
    },
    'stored-in-allocation': {
      title: '存入逃逸的分配',
      explanation: '它被存入（或被引用自）另一次分配：结构体或切片字面量、接口箱子、闭包、被移到堆上的变量。那次分配逃逸了，所以它持有的东西也必须在堆上。',
      fix: '查看它所在的那次分配为什么逃逸（故事在那里继续）：让那次分配留在栈上，这一个也就留在栈上。或者存一份副本而不是引用。',
    },
    'stays-on-stack': {
      title: '不逃逸',
      explanation: '编译器证明了这个值不会活过它的栈帧；它留在栈上，不给 GC 带来任何开销。',
      fix: '无需处理。',
    },
    unexplained: {
      title: '输入中没有解释',
      explanation:
        '编译器输出有这个决定，但没有其背后的流程（普通的 -m 输出，或该位置在另一个流程下解释），或者由于报告不显示该位置（整个程序报告中的泄漏），heapsight 没有收集它的流程。没有流程，heapsight 不会猜测原因。',
      fix: '用 heapsight escape --all（或 --explain FILE:LINE）重新运行，它会以 -json 构建并读取所有解释。',
    },
    'raw-flow': {
      title: '其他（见流程）',
      explanation: 'heapsight 不认识这个流程；编译器的步骤按原样列出。',
      fix: '从分配处向 {heap} 阅读流程：第一个存入长寿对象的步骤就是要修改的地方。',
    },
  },
  head: {
    'moved-to-heap': (x) => `${x} 被移到堆上`,
    'escapes-to-heap': (x) => `${x} 逃逸到堆上`,
    'leaking-param': (x) => `参数 ${x} 泄漏`,
    'leaking-param-content': (x) => `参数 ${x} 所指向的内容泄漏`,
    'leaks-to-result': (x) => `参数 ${x} 泄漏到返回值`,
    'does-not-escape': (x) => `${x} 不逃逸`,
  },
  at,
  why: {
    'stays-on-stack': (_w, h) => `${h}：它留在栈上。`,
    'flow-skipped': (_w, h) => `${h}；heapsight 跳过了编译器的解释，本报告不显示它。`,
    'no-flow': (_w, h) => `${h}；输入中没有它的解释流程（未收集），因此 heapsight 不指明原因。`,
    'too-large': (w, h) => `${h}，因为它对栈来说太大${at(w.at)}。`,
    'non-constant-size': (w, h) => `${h}，因为它的大小不是常量${at(w.at)}。`,
    'closure-capture': (w, h, s) => `${h}，因为一个闭包${w.byReference ? '按引用捕获了它' : '捕获了它的值'}${at(w.at)}，而该闭包活得比 ${s.fn ?? '该函数'} 更久。`,
    boxed: (w, h, s) => `${h}，因为它被转换为接口${at(w.at, w.call)}${cause.boxSink[w.then.to](w.then as never, s)}。`,
    sent: (w, h) => `${h}，因为它被发送到通道：${w.expr}${at(w.at)}。`,
    'map-key': (w, h) => `${h}，因为它被用作 map 的键：${w.expr}${at(w.at)}。`,
    'map-literal': (w, h) => `${h}，因为${its(w.address)}被存入 map 字面量：${w.expr}${at(w.at)}。`,
    element: (w, h) => `${h}，因为${its(w.address)}被存入 map 或切片的元素：${w.expr}${at(w.at)}。`,
    appended: (w, h) => `${h}，因为${its(w.address)}被追加到一个逃逸的切片：${w.expr}${at(w.at)}。`,
    'leaky-callee': (w, h) => `${h}，因为${its(w.address)}被传给 ${w.callee ?? '一个函数'}${at(w.at)}，而它的参数会泄漏。`,
    returned: (w, h) => `${h}，因为${its(w.address)}被返回${at(w.at)}。`,
    'assigned-to-result': (w, h, s) => `${h}，因为${its(w.address)}被赋给 ${w.result ?? '返回值'}${at(w.at)}${tail(w.tail, s.fn)}。`,
    'assigned-to-global': (w, h) => `${h}，因为${its(w.address)}被赋给全局变量或堆上的对象：${w.expr}${at(w.at)}。`,
    'address-stored': (w, h, s) => `${h}，因为它的地址被存储${w.target !== null ? `在 ${w.target} 中` : ''}${at(w.at)}${tail(w.tail, s.fn)}。`,
    'stored-in-allocation': (w, h, s) =>
      `${h}，因为它被存入 ${w.inBox ? `${w.into === s.subject ? '它' : w.into} 转换成的接口` : w.into}${at(w.at)}，而后者本身也逃逸。`,
    'raw-flow': (w, h) => `${h}；编译器的流程：${w.steps.join('; ')}`,
  },
  boxSink: {
    callee: (b) => `，并被传给 ${b.callee ?? '一个函数'}${at(b.at)}，后者保留了它`,
    returned: (b) => `，并被返回${at(b.at)}`,
    allocation: (b) => `，并被存入 ${b.into}${at(b.at)}，而后者本身也逃逸`,
    stored: (b) => `，并被存储：${b.expr}${at(b.at)}`,
    result: (_b, s) => `，而 ${s.fn ?? '该函数'} 会返回它`,
    unknown: () => '',
  },
  unboxed: (t, a) => `${stop(t)}；途中它被转换为接口${at(a)}，这不会为它分配内存（指针或接口本身就能放进接口值）。`,
  chain: (t, then) => `${stop(t)}：${then}`,
  doesNotEscape: (x) => `${x} 不逃逸`,
  note: {
    truncated: () => '编译器截断了这个解释（赋值循环，golang.org/issue/35518）',
    'stays-where-inlined': (n) => {
      const where = n.into.map((c) => `${c.caller ?? '它的调用方'}（${c.file}:${c.line}）`);
      const listed = where.length <= 3 ? where.join('、') : `${where.slice(0, 3).join('、')} 等 ${where.length} 处`;
      return `${n.subject} 在 ${n.fn} 自身的函数体中逃逸，但在 ${n.fn} 被内联进 ${listed} 的地方留在栈上（golang/go#32850）`;
    },
    'escapes-only-inlined': (n) =>
      `${n.subject} 只在 ${n.fn} 被内联进 ${n.into.caller ?? '它的调用方'}（${n.into.file}:${n.into.line}）的地方逃逸；在 ${n.fn} 自身的函数体中它留在栈上（golang/go#32850）`,
    'inlined-from': (n) => `内联自 ${n.fn}（${n.at.file}:${n.at.line}）；它在 ${n.fn} 自身的函数体中也逃逸`,
  },
};

const check: CheckMessages = {
  runHeader: (pkgs, go, platform, flags) => `heapsight check ${pkgs}（${go} ${platform}；${flags}）`,
  runsEach: (count, ns) =>
    ns.length === 1 && ns[0] === count ? `每个 ${count} 次运行` : ns.length === 1 ? `每个 ${ns[0]} 次运行，计划 ${count} 次` : `每个基准测试 ${ns[0]}–${ns[ns.length - 1]} 次运行，计划 ${count} 次`,
  benchmarksHeading: (r) => `基准测试（中位数 ±95% 置信区间，${r}）`,
  noBenchmarks: '基准测试：没有运行（没有匹配的基准测试）；只有编译器证据。',
  noBenchmarksMarkdown: '没有运行基准测试：只有编译器证据。',
  failedHeading: '失败的基准测试',
  verdictsHeading: (t) => `结论：${t}`,
  column: {
    benchmark: '基准测试',
    package: '包',
    gcs: 'GC 次数',
    stwMax: 'STW 最长',
    kind: '类型',
    message: '消息',
    verdict: '结论',
    function: '函数',
    location: '位置',
    why: '原因',
    status: '状态',
    directive: '指令',
    evidence: '证据',
    purpose: '用途',
    bytes: '字节',
    share: '占比',
    objects: '对象数',
    reduce: '如何减少',
    source: '源码',
    note: '说明',
    yourLine: '你的代码行',
    reason: '原因',
  },
  sitesHeading: (profiles, bytes, objects, rate) => `按 alloc_space 排列的分配点（${profiles} 次运行的堆 profile，共 ${bytes}，${objects} 个对象；MemProfileRate ${rate}）`,
  sitesHeadingMarkdown: '按 alloc_space 排列的主要分配点',
  sitesTotalMarkdown: (bytes, objects, profiles) => `共 ${bytes}，${objects} 个对象（${profiles} 次运行的堆 profile）。`,
  noneSampled: '无：基准测试没有分配任何被 profile 采样到的内存',
  moreSites: (n) => `… 还有 ${n} 个（使用 --nodecount 或 --format json）`,
  moreSitesMarkdown: (n) => `… 还有 ${n} 个分配点（见 --format json）。`,
  moreUnmeasured: (n) => `… 还有 ${n} 个`,
  objectsAbbrev: '个对象',
  cum: '累计',
  flat: '自身',
  rounds: '各轮',
  compiler: '编译器',
  note: '说明',
  runtime: '运行时',
  moreDecisions: (n) => `… 这一行还有 ${n} 个编译器决定（--format json 中都有）`,
  userLinesHeading: '按累计 alloc_space 排列的你的代码行（每一行及其调用所分配的内存）',
  testLinesLeftOut: '（已略去 _test.go 文件中的行：基准测试函数体位于每个调用栈上；JSON 中有它们）',
  unmeasuredHeading: '本次运行中没有分配内存的代码行上的堆分配决定',
  assertionsHeading: '源码中的断言',
  malformed: '格式错误',
  copies: (callers, all) =>
    `（${all ? `它被内联进的全部 ${callers} 个调用方` : `它自身的函数体和它被内联进的 ${callers} 个调用方`}中都是同一个决定；--format json 在 inlinedInto 中列出它们）`,
  inlinedHere: (story, callee, where) => `${story}（记录于 ${callee ?? '一个被内联的函数'}，位于 ${where}，在此处内联）`,
  userFrame: (fn, where, share, more) => `经由 ${fn} ${where}${share !== null ? `（占这一行字节数的 ${share}）` : ''}${more > 0 ? `；另有 ${more} 行你的代码也通向这里` : ''}`,
  noEvidence: '这一行没有编译器证据',
  itsPackage: '它所在的包',
  rules: {
    heading: '规则：由测量判定的反模式',
    headingWith: (tally, coverage) => `规则：由测量判定的反模式（${tally}；${coverage}）`,
    titled: (title, subject) => `${title}：${subject}`,
    coverage: (n) => (n === null ? '没有覆盖率运行' : `${n} 个基准测试的覆盖率运行`),
    fix: (fix) => `修复：${fix}`,
    summary: (tally, coverage) => `${tally}；${coverage}。`,
    column: { verdict: '结论', rule: '规则', location: '位置', code: '代码', evidence: '证据', fix: '修复' },
    more: (n, tally, markdown) => `… 还有 ${n} 处未列出（${tally}）：${markdown ? '见 --format json' : '--nodecount N 列出更多，--format json 中都有'}`,
    sarif: (verdict, title, subject, evidence, fix) => `${verdict}：${title}（${subject}）。证据：${evidence.join('；')}。${fix === null ? '' : `修复：${fix}。`}`,
  },
  sarif: {
    verdict: (label, summary, reasons) => `${label}：${summary}。证据：${reasons.join('；')}`,
    site: (fn, bytes, share, objects, c) => `${fn} 在基准测试期间于此处分配了 ${bytes}（占 alloc_space 的 ${share}），共 ${objects} 个对象。原因：${c}`,
    leadsTo: (fn, bytes, share, allocatedIn, c) => `${fn} 导致基准测试期间在 ${allocatedIn} 分配了 ${bytes}（占 alloc_space 的 ${share}）。那里的原因：${c}`,
    assertionFailed: (directive, h, evidence) => `${directive} 失败：${h}。${evidence.length > 0 ? `证据：${evidence.join('；')}` : ''}`,
    mapGrowth: (fn, bytes, share, objects, source) =>
      `${fn} 在 map 增长${source ? `（\`${source}\`）` : ''}时分配了 ${bytes}（占 alloc_space 的 ${share}），共 ${objects} 个对象。原因：map 超出了它的表；容量提示 make(map[K]V, n) 可以消除这部分分配。`,
    failed: (name, kind, message) => `${name} 失败（${kind}）：${message}`,
  },
  html: {
    lang: 'zh-CN',
    runProfile: '本次运行的堆 profile（alloc_space）',
    benchmarks: '基准测试',
    benchmarksNote: (r) => `中位数 ±95% 置信区间，${r}`,
    mapsTotal: (bytes, share, objects) =>
      `${bytes}（占 alloc_space 的 ${share}，${objects} 个对象）是 map 的工作。增长部分就是容量提示 make(map[K]V, n) 能在 make 时用一次分配代替的部分；小 map 的第一个组不会因容量提示而消除。`,
    sites: '按 alloc_space 排列的分配点',
    sitesTotal: (bytes, objects) => `共 ${bytes}，${objects} 个对象`,
    source: '源码',
    warnings: '警告',
    allocated: (bytes) => `分配了 ${bytes}`,
    noMeasured: '没有测到分配',
    unreadable: '源码不可读',
    line: '行',
    compilerAndProfile: '编译器与 profile',
    mapGrowth: (bytes, share) => `map 增长：${bytes}（${share}）：容量提示可以代替它`,
    mapAmbiguous: (bytes) => `map，无法区分：${bytes}`,
    firstGroup: (bytes) => `小 map 的第一个组：${bytes}`,
    mapOther: (purpose, bytes) => `map ${purpose}：${bytes}`,
  },
};

const maps: MapMessages = {
  total: (bytes, share, objects, basis) => `Map：${bytes}（占 alloc_space 的 ${share}，${objects} 个对象），按用途（${basis}）`,
  none: (basis) => `Map：没有测到（${basis}）`,
  basisHidden: '按分配点源码行和对象大小分类；堆 profile 隐藏了运行时栈帧',
  basisFrames: '按运行时栈帧分类',
  row: { grow: '增长', 'first-group': '第一个组', create: '创建', assign: '赋值', other: '其他' },
  fix: {
    create: '复用 map（clear(m)），而不是每次调用都新建一个',
    'first-group': '容量提示不能消除它：复用 map（clear(m)），或让它不逃逸，这样它的组就在栈上',
    grow: '容量提示 make(map[K]V, n)：最终的表在 make 时一次分配',
    assign: '存指针或更小的值；减少写入',
    other: '减少查找（缓存结果，少迭代）',
  },
  siteHeading: {
    grow: '增长分配点',
    'first-group': '小 map 的第一个组（容量提示不能消除它们）',
    create: '创建分配点',
    assign: '赋值分配点（超过 128 字节的键或元素，单独存放）',
    other: '其他 map 分配点',
    ambiguous: '无法区分的分配点（不计入总量）',
  },
  growNone: '没有测到：这些基准测试中没有 map 超出它的表',
  firstGroupNone: '没有测到',
  ambiguous: '无法区分',
  ambiguousWhat: '不计入总量：下面的分配点说明原因',
  more: (n) => `… 还有 ${n} 个（使用 --format json）`,
  ambiguity: {
    'line-allocates': '这一行自身也分配内存（m[k] = make(…)）：heapsight list',
    'unexplained-size': '对象大小与 map 的组、表或大键/元素都不符',
    undersampled: '样本太少，无法区分第一个组和之后的增长',
    'no-object-size': 'profile 中没有对象大小（`bytes` 标签）',
  },
  objectSizes: (shown, sizes) => `${shown}${sizes !== null ? `, …（${sizes} 种大小）` : ''} 的对象`,
  via: (fn) => `经由 ${fn}`,
  markdownHeading: '按用途划分的 map',
  markdownTotal: (bytes, share, objects) =>
    `${bytes}（占 alloc_space 的 ${share}，${objects} 个对象）是 map 的工作。增长部分就是容量提示 make(map\\[K\\]V, n) 能在 make 时用一次分配代替的部分；小 map 的第一个组不会因容量提示而消除。`,
  markdownNone: '没有测到：这些基准测试中没有 map 分配。',
  ambiguousRow: '无法区分（不计入总量）',
  seeBelow: '见下面的分配点',
};

/** listed names the first few items and counts the rest: "a、b、c 等 21 个". */
function listed(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join('、');
  return `${items.slice(0, max).join('、')} 等 ${items.length} 个`;
}

const escape: EscapeMessages = {
  header: (pkgs, go) => `${pkgs} 的编译器证据（${go}）`,
  unknownFunction: '（函数未知）',
  inlinedAt: (chain) => `内联于 ${chain}`,
  sameInCallers: (ownBody, n, all) => `在${ownBody ? '它自身的函数体和' : ''}它被内联进的 ${n} 个调用方中相同${all ? '：' : '（--all 列出它们）'}`,
  calls: (names, reasons) => `调用 ${names}：${reasons}`,
  inlinedInto: (fns) => `（内联进 ${fns}）`,
  tally: (heap, copies, calls, hidden) =>
    `${heap} 个堆分配决定${copies !== null ? `（${copies} 份编译副本）` : ''}，${calls} 个运行时分配调用` + (hidden > 0 ? `；隐藏了 ${hidden} 个其他决定（泄漏、不逃逸），--all 显示它们` : ''),
  testsLeftOut: (files) => `${files} 个 _test.go 文件未编译（未收集测试中的决定）：--tests 会编译它们`,
  nothingAt: (where) => `${where}：编译器在这一行没有报告任何内容：没有逃逸决定、没有内联、也没有运行时分配调用。`,
  decisions: (n, records) => `${n} 个决定` + (records !== null ? `（对 ${records} 条编译器记录只讲一次：代码在哪里被内联，编译器就在哪里重新决定）` : ''),
  runtimeCalls: (n) => `${n} 个运行时分配调用`,
  inliningDecisions: (n) => `${n} 个内联决定`,
  context: (fn, calls, ownBody) =>
    calls.length === 0 ? `位于 ${fn}` : !ownBody ? `位于 ${fn}，内联于 ${calls.length} 个调用点：${listed(calls)}` : `位于 ${fn}，在它被内联的 ${calls.length} 个调用点也相同：${listed(calls)}`,
  flowHeading: (inlinedAt, ownBody, copies) =>
    `编译器的流程${inlinedAt !== null ? `（内联于 ${inlinedAt} 处）` : ownBody ? '（它自身的函数体中）' : ''}${copies > 1 ? `（${copies} 份副本中相同）` : ''}：`,
  at: '位于',
  moreFlows: (rest, shown, total) => `… ${shown > 0 ? '还有 ' : ''}${rest} 个流程（--flows ${total} 显示${total === 1 ? '它' : '全部'}）`,
  callsOne: (fn, call, reason) => `${fn} 调用 ${call}：${reason}`,
  callsInlinedInto: (ownBody, fns) => `${ownBody ? '在它自身的函数体中，并' : ''}内联进 ${fns.length} 个函数：${listed(fns)}`,
  callsMany: (call, reason) => `调用 ${call}：${reason}`,
  inFunctions: (fns) => `位于 ${fns.length} 个函数中：${listed(fns)}`,
  inlinedCall: (fn, callers) => `对 ${fn} 的调用被内联${callers.length > 0 ? `进 ${listed(callers)}` : ''}`,
  canInline: (fn, cost) => `${fn} 可以内联${cost !== undefined ? `（开销 ${cost}）` : ''}`,
  cannotInline: (fn, reason) => `${fn} 不能内联：${reason}`,
  why: '原因',
  whatToDo: '怎么办',
  note: '说明',
};

const change: ChangeMessages = {
  header: (base, head) => `heapsight change：${base} → ${head}`,
  settings: (platform, flags) => `${platform}；${flags}，base/head 交替运行`,
  verdict: (t, failed) => `结论：${t}${failed ? ' —— 门禁未通过' : ''}`,
  benchmarksHeading: '基准测试（中位数 变更前 → 变更后，benchstat 的变化和 p 值）：',
  advisory: '仅供参考',
  direction: { worse: '变差', better: '变好' },
  noDecisions: '编译器决定：目标包的非测试代码中没有出现、消失或改变的决定。',
  decisionsHeading: (n) => `改变了的编译器决定（${n} 个；▲ 变差，▼ 变好）：`,
  was: (m) => `原为：${m}`,
  isNew: '新增',
  now: (m) => `；现为：${m}`,
  gone: '；已消失',
  cause: '原因',
  moreDecisions: (n) => `… 还有 ${n} 个（--nodecount N，或 --format json）`,
  noSites: '分配点：没有超出堆 profile 采样噪声的增长、减少、出现或消失。',
  sitesHeading: (n) => `改变了的分配点（${n} 个；两边每个基准测试的迭代次数相同）：`,
  moreSites: (n) => `… 还有 ${n} 个`,
  assertionsIn: (where) => ` —— 位于${where === null ? '工作区' : ` ${where}`}`,
  failures: '失败：',
  verdictWord: {
    regression: '性能回退',
    improvement: '性能改进',
    'no-change': '没有显著变化',
    added: '新增（仅 head 有）',
    removed: '移除（仅 base 有）',
    failed: '在一侧失败（见失败列表）',
  },
  tally: (c) => {
    const parts = [
      c.regression > 0 ? `${c.regression} 个性能回退` : '',
      c.improvement > 0 ? `${c.improvement} 个性能改进` : '',
      c['no-change'] > 0 ? `${c['no-change']} 个没有变化` : '',
      c.added > 0 ? `${c.added} 个新增` : '',
      c.removed > 0 ? `${c.removed} 个移除` : '',
      c.failed > 0 ? `${c.failed} 个失败` : '',
    ].filter((p) => p !== '');
    return parts.length > 0 ? parts.join('，') : '没有可比较的基准测试';
  },
  gate: (units, alpha, minPct, failOn) =>
    `门禁：${units === 'time' ? 'allocs/op、B/op 和 time/op' : 'allocs/op 和 B/op'}（α=${alpha}，最小变化 ${minPct}%）${units === 'time' ? '' : '；time/op 仅供参考（--gate time 把它纳入门禁）'}；--fail-on ${failOn}`,
  revision: (name, id, subject) => `${name}（${id}${subject !== null ? `：${subject}` : ''}）`,
  workingTree: (dirty, id) => `工作区（${dirty ? '基于' : '干净，位于'} ${id}${dirty ? ' 的未提交修改' : ''}）`,
  stopsInlining: (fn, reason, where) => `这次修改使 ${fn} 不再被内联（${reason ?? '未给出原因'}；${where}）`,
  inlinedAgain: (fn, cost, where) => `这次修改使 ${fn} 重新可以内联（开销 ${cost}；${where}）`,
  movesToHeap: (moved, subject, fn, c, where, t) => `这次修改使 ${fn} 中的 \`${subject}\` ${moved ? '被移到堆上' : '逃逸到堆上'}（${c}，${where}）${t}`,
  noCause: '流程未显示原因',
  keepsOffHeap: (subject, fn, now, wasState, wasWhere, t) => `这次修改使 ${fn} 中的 \`${subject}\` 不再分配在堆上（${now ?? '已消失'}；原为 ${wasState}，${wasWhere}）${t}`,
  nowState: (state, where) => `现为 ${state}，${where}`,
  stateChange: (subject, fn, before, after, where) => `${fn} 中的 \`${subject}\`：${before} → ${after}（${where}）`,
  newIn: (fn, m, where) => `${fn} 中新增：${m}（${where}）`,
  goneFrom: (fn, m, where) => `${fn} 中消失：${m}（原在${where}）`,
  line: (n) => `第 ${n} 行`,
  noBenchmarkAtLine: '（没有基准测试在这一行分配内存）',
  fromZero: (d) => `${d}（从 0 起）`,
  costNoChange: (bench, stats) => `${bench} 没有显著变化（${stats}）`,
  costChange: (deltas, bench, p) => `${bench} 中 ${deltas}（p=${p}）`,
  notCompared: '未比较',
  siteIn: (benches) => `，见于 ${benches.slice(0, 3).join(', ')}${benches.length > 3 ? ` 等 ${benches.length} 个基准测试` : ''}`,
  siteChange: { grew: '增长', shrank: '减少', appeared: '出现', vanished: '消失' },
  stateWord: (k) => (k === 'can-inline' ? '可以内联' : '不能内联'),
  regressionMd: '性能回退',
  improvementMd: '性能改进',
  assertionFailedMd: '断言失败',
  malformedMd: '指令格式错误',
  atMd: '位于',
  inMd: '于',
  decisionsMd: '编译器决定',
  gateFailedMd: ' —— ❌ 门禁未通过',
  benchmarksSummary: (n, count) => `基准测试（${n} 个；交替运行，-count ${count}）`,
  decisionsSummary: (n) => `编译器决定（${n} 个）`,
  sitesSummary: (n) => `分配点（${n} 个）`,
  column: {
    benchmark: '基准测试',
    verdict: '结论',
    gcCycles: 'GC 次数/百万次操作',
    where: '位置',
    function: '函数',
    before: '变更前',
    after: '变更后',
    cause: '原因',
    site: '分配点',
    change: '变化',
    benchmarks: '基准测试',
  },
  regressionSarif: (benchmark, pkg, unit, delta, p) => `${benchmark}（${pkg}）：${unit} ${delta === null ? '从 0 开始上升' : `上升了 ${delta}%`}（p=${p}）`,
};

const finding: Messages['finding'] = {
  kinds: {
    'allocation-site': {
      title: '分配点',
      explanation:
        '在基准测试期间分配了堆内存的源码行，按合并后的堆 profile 中的字节数（alloc_space）排序。旁边的编译器证据说明这个值为什么在堆上：一个逃逸决定，或一个无论是否逃逸都会分配的运行时调用（如 growslice 或 makemap）。',
      fix: '阅读原因：避免逃逸（指针只在局部使用，避免接口装箱），预分配（make 时给出大小或容量），或在热路径上复用缓冲区（sync.Pool）。',
    },
    'heap-decision-unmeasured': {
      title: '没有测到分配的堆分配决定',
      explanation: '编译器在这一行把一个值移到了堆上，但基准测试没有在这里分配（代码没有运行、很少运行，或者堆 profile 没有采样到）。',
      fix: '在测到之前无需修复：如果它在热路径上，添加一个覆盖这段代码的基准测试。',
    },
    'map-growth': {
      title: 'Map 增长',
      explanation:
        'map 增长时分配的堆内存：每当它超出当前的表，运行时就分配一个更大的表并搬移条目（Go 1.24+ 中的 growToTable、rehash、split）。堆 profile 隐藏运行时栈帧，所以增长的分配被记在写入 map 的那一行（m[k] = v）；heapsight 按对象大小把它与小 map 的第一个组区分开，后者在第一次插入时分配，容量提示不能消除它。',
      fix: '条目数已知或可估计时，给 map 一个容量提示：make(map[K]V, n)。用 clear(m) 复用 map 也能保留它的表。',
    },
    'new-heap-decision': {
      title: '新的堆分配决定',
      explanation:
        '在两个版本之间，编译器改变了对这个值的决定：它现在被移到堆上（或逃逸），而之前它留在栈上或不存在。按函数和对象匹配，所以只是移动了位置的行不算变化；开销是在这一行分配内存的基准测试在修改前后测到的差异。',
      fix: '阅读流程显示的原因（闭包捕获、存入更长寿的值、接口转换），让这个值留在局部，或者接受基准测试给出的开销。',
    },
    'benchmark-regression': {
      title: '基准测试性能回退',
      explanation:
        '一个纳入门禁的单位（allocs/op 和 B/op；使用 --gate time 时还有 time/op）在两个版本之间显著上升：按 benchstat 的方式计算 Mann-Whitney U，p ≤ α，且至少达到最小变化。两个版本的运行在同一台机器上交替进行，所以漂移对两边的影响相同。',
      fix: '查看与它一起改变的编译器决定和分配点：报告把它们列在基准测试旁边。',
    },
    'map-pointer-param': {
      title: '*map[K]V 类型的参数',
      explanation:
        '坊间说法是传递 *map[K]V 会迫使 map 头分配到堆上。map 值本身已经是指向运行时 map 的指针，所以 *map 只是多了一层间接；只有当指针逃逸时（参数泄漏，或调用方把 &m 存到它的栈帧之外）它才会带来一次分配，即把 map 变量移到堆上。',
      fix: '按值传递 map（map[K]V），除非被调用函数必须替换调用方的 map；如果必须这样，返回新的 map，而不是通过 *map 写入。',
    },
    'assertion-failed': {
      title: '断言失败',
      explanation:
        '证据否定了一个 //heapsight:noescape、//heapsight:inline 或 //heapsight:allocs N 指令：编译器在这一行做了堆分配决定（附带原因和流程），没有内联对该函数的调用（附带原因），或者基准测试在测到的运行中 allocs/op 的中位数超过了 N。',
      fix: '阅读旁边的证据：消除编译器指出的原因（存到栈帧之外的地址、接口转换、非常量大小），让函数的开销低于内联预算，或者如果新的开销是有意的，就提高预算。',
    },
    'slice-pointer-param': {
      title: '*[]T 类型的参数',
      explanation:
        'slice 值是按值传递的三个字长的头（指针、长度、容量）；*[]T 只是多了一层间接。只有当指针逃逸时（参数泄漏，或调用方把 &s 存到它的栈帧之外）它才会带来一次分配，即把调用方的 slice 头移到堆上。',
      fix: '传递 slice（[]T），被调用函数 append 时把它返回（s = f(s)），和 append 一样；只有在被调用函数必须原地替换调用方的 slice 且指针不逃逸时才保留 *[]T。',
    },
    'chan-pointer-param': {
      title: '*chan T 类型的参数',
      explanation: 'channel 值本身已经是指向运行时 channel 的指针；*chan T 只是多了一层间接，只有当指针逃逸时才会带来一次分配，即把调用方的 channel 变量移到堆上。',
      fix: '传递 channel（chan T，或有方向的 chan<- T / <-chan T）。',
    },
    'map-without-size-hint': {
      title: '在循环中填充、没有大小提示的 map',
      explanation:
        '不带提示创建的 map（make(map[K]V) 或 map[K]V{}），在长度已知的循环中填充时会一步步增长：每当它超出自己的表，运行时就分配一个更大的表并搬移条目。heapsight 统计堆 profile 记在插入上的增长字节（按对象大小，与 maps 部分相同），不包括小 map 在第一次插入时分配的第一个组。',
      fix: '用循环的长度写 make(map[K]V, n)（修复记录中带有它）。',
    },
    'append-without-capacity': {
      title: '在循环中 append、没有容量的 slice',
      explanation: '在已知长度的循环中向声明时没有容量的 slice（var s []T、[]T{}、make([]T, 0)）append，会随着增长重新分配底层数组（runtime.growslice），每次都复制元素。',
      fix: '用循环的长度写 make([]T, 0, n)，然后 append。',
    },
    'builder-without-grow': {
      title: '逐步增长的 strings.Builder 或 bytes.Buffer',
      explanation:
        '在已知长度的循环中向 strings.Builder 或 bytes.Buffer 写入而不先调用 Grow，会在填充时重新分配缓冲区（strings.(*Builder).grow、bytes.(*Buffer).grow）；这些字节通过用户栈帧归属记在写入上。',
      fix: '在循环前用预期大小调用 Grow（修复记录中带有循环长度；乘以典型片段的大小）。',
    },
    'string-concat-in-loop': {
      title: '循环中的字符串拼接',
      explanation:
        '每次 s += x 都会构造一个新字符串（runtime.concatstrings）并复制之前的全部内容，所以 n 个片段要 n 次分配和 O(n²) 字节；只有不逃逸且不超过 32 字节的结果才能用栈上的缓冲区。',
      fix: '用 strings.Builder 构造字符串（已知大小时先 Grow），最后调用一次 String。',
    },
    'fmt-simple-verbs': {
      title: '只用简单动词的 fmt.Sprintf、Sprint 或 Errorf',
      explanation:
        'fmt 把每个参数装箱成接口，并通过反射格式化；只有 %s、%d、%t（或根本没有动词）时，strconv、拼接或 errors.New 做同样的事，通常分配更少。',
      fix: 'strconv.Itoa / FormatBool、s1 + s2、errors.New（修复记录中带有替换写法和它需要的 import）。',
    },
    'bytes-string-conversion': {
      title: '[]byte ↔ string 转换',
      explanation:
        'string(b) 和 []byte(s) 会复制字节（runtime.slicebytetostring、stringtoslicebyte），除非编译器能复用它们：map 索引 m[string(b)]、比较、对 []byte(s) 的 range，或者留在栈帧中且不超过 32 字节缓冲区的结果。heapsight 从编译后的代码判断是哪一种：这一行没有复制调用就意味着没有复制。',
      fix: '在热路径上只保留一种表示（strings.Builder、bytes.Buffer、strconv 和 bytes 的 []byte API），或者直接用 m[string(b)] 索引 map。',
    },
    'interface-boxing': {
      title: '调用时被装箱成接口的值',
      explanation:
        '在需要接口的地方传入非指针值，当接口逃逸时编译器会把它装箱（runtime.convT64、convTstring、convTslice、convT）；小于 256 的值和零值来自运行时的静态表，不分配。',
      fix: '在被调用函数中接受具体类型（或泛型类型参数），传递指针，或者不让值通过接口逃逸。',
    },
    'pool-non-pointer': {
      title: '存放非指针值的 sync.Pool（SA6002）',
      explanation: 'Put 接受一个接口：slice 或 struct 值在每次 Put 时都被装箱（runtime.convTslice、convT），而这正是 pool 本想省掉的分配。指针放得进接口的数据字，不装箱。',
      fix: '池化指针：Put(&buf) 和 Get().(*[]byte)。',
    },
    'regexp-in-function': {
      title: '在函数内编译的 regexp（SA6000）',
      explanation: 'regexp.MustCompile 和 Compile 每次调用都会解析并编译模式：一个从不改变的模式，每次调用却要几十次分配。',
      fix: '只编译一次，放进包级变量（var idPattern = regexp.MustCompile(`...`)）再使用。',
    },
    'closure-capture': {
      title: '把捕获的变量移到堆上的闭包',
      explanation:
        '比它的栈帧活得更久的 func 字面量（被返回、被存储、被传给 goroutine）会带走它捕获的变量：编译器把它们移到堆上（moved to heap: x，被闭包捕获）并分配闭包。就地调用的闭包把两者都留在栈上。',
      fix: '把值作为参数传入，返回带方法的 struct 代替闭包，或者不让闭包逃逸。',
    },
    'defer-in-loop': {
      title: '循环中的 defer',
      explanation: '循环中的 defer 无法开放编码，也无法在栈上分配：每次迭代都分配一个 defer 记录（runtime.deferproc），而且每个被推迟的调用都要等到函数返回。',
      fix: '把循环体移到一个函数里，让它的 defer 每次迭代执行；或者在每次迭代结束时直接调用清理函数。',
    },
    'malformed-directive': {
      title: '指令格式错误',
      explanation:
        'heapsight 无法按原样检查的 //heapsight: 注释：未知的名字、// 后有空格、预算缺失或不是非负整数、指令不接受的参数，或者指令写在了不起作用的地方（代码块结束前的 noescape、函数文档注释之外的 inline、基准测试文档注释之外的 allocs）。',
      fix: '按 README 中的写法书写（//heapsight:noescape、//heapsight:inline、//heapsight:allocs N），并放在它起作用的地方；什么都不检查的断言比没有断言更糟。',
    },
  },
  harmless: {
    'map-pointer-param': '当参数不逃逸时（编译器这样说）：这时 *map 每次使用只多一次读取，没有别的开销。',
    'slice-pointer-param': '当参数不逃逸时：只读或原地修改的 *[]T 只多一次读取，不是一次分配。',
    'chan-pointer-param': '当参数不逃逸时。',
    'map-without-size-hint': '当 map 从不超出它的第一个组（8 个条目或更少），或者循环不在基准测试运行的路径上时。',
    'append-without-capacity': '当循环很短或很少运行，或者最终长度通常远低于已知上限时。',
    'builder-without-grow': '当片段少而小时：builder 的第一次增长就已经放得下它们。',
    'string-concat-in-loop': '当结果留在栈帧中且不超过 32 字节，或者循环只在热路径之外运行几次（在 init 中，每个进程一次）时。',
    'fmt-simple-verbs': '在错误路径和基准测试不运行的其他代码上，以及运行时驻留的值（单字节字符串、小于 256 的整数）。',
    'bytes-string-conversion': '当编译器省掉复制时（map 索引、比较、range、留在栈帧中的小结果）。',
    'interface-boxing': '对于指针形状的值、零值和小于 256 的整数，以及接口不逃逸时（值在栈上装箱）。',
    'pool-non-pointer': '当 pool 存放指针，或者 pool 不在热路径上时。',
    'regexp-in-function': '在 init、main 或其他只运行一次的代码中。',
    'closure-capture': '当闭包被就地调用，或只传给不保留它的被调用函数时：编译器把它和它捕获的变量留在栈上。',
    'defer-in-loop': '当循环每次调用只运行几次且函数不热时。',
  },
  verdict: { confirmed: '已证实', refuted: '已否定', 'not-measurable': '无法测量' },
};

const ruleVerdictWord: Readonly<Record<RuleVerdict, string>> = { confirmed: '已证实', refuted: '已否定', 'not-exercised': '未执行', 'not-measurable': '无法测量' };

const CONVERSION_CONTEXT = { 'map-index': 'map 索引', comparison: '比较', range: 'range', switch: 'switch 标签', concatenation: '拼接操作数' } as const;

const experiment: ExperimentMessages = {
  notMechanical: '实验：未运行（修复改动的不只是它自己的行）',
  noBenchmark: '实验：未运行（没有基准测试运行这一行）',
  interrupted: '实验：被中断',
  doesNotBuild: (line) => `实验：修复后无法编译：${line ?? '见编译器输出'}`,
  changesTestResults: (tests) => `实验：修复改变了测试结果（${tests.join('，')}）；未测量`,
  removes: (removed, of) => `去掉了 ${of} 个 allocs/op 中的 ${removed} 个`,
  adds: (added) => `增加了 ${added} 个 allocs/op`,
  noChange: 'allocs/op 没有显著变化',
  inBenchmark: (change, benchmark, allocs, bytes) => `在 ${benchmark} 中${change}（allocs/op ${allocs}；B/op ${bytes}）`,
  measured: (parts) => `实验：修复${parts.join('；')}`,
};

function pct(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** zhCN is the Simplified Chinese message catalogue. */
export const zhCN: Messages = {
  verdictSummary: {
    confirmed: (s) => `${s.function} 中的 ${s.pointer ?? '*map'} 带来一次堆分配：指针逃逸，所以调用方的${s.pointer === undefined ? ' map ' : ''}变量被移到堆上`,
    refuted: (s) => `${s.function} 中的 ${s.pointer ?? '*map'} 不带来任何分配：${s.param} 不逃逸` + (s.measured ? '，并且它的分配与按值传递的版本相同' : ''),
    'not-measurable': (s) => `根据现有证据，无法判断 ${s.function} 中的 ${s.pointer ?? '*map'} 是否有开销`,
  },
  verdictReason: {
    'param-leaks': (r, m) => `编译器：${r.message} —— ${storyText(m, r.cause.story)}`,
    'caller-moved': (r) =>
      `编译器：moved to heap: ${r.variable}（${r.function} 中，第 ${r.line} 行），因为它的地址被传到这里` +
      (r.allocBytes > 0 ? `；堆 profile 中那一行实测分配了 ${formatBytes(r.allocBytes)}` : ''),
    'param-does-not-escape': (r) => `编译器：${r.param} 不逃逸${r.contentOnly ? '（只有它指向的 map 泄漏，和 map 值一样）' : ''}`,
    'no-caller-moved': (r) => `编译器：没有调用方的变量因传递其地址而被移到堆上（${r.callSites} 个调用点）`,
    'measured-more': (r) =>
      `实测：${r.subject} 的 ${r.unit} ${r.deltaPct === null ? `为 ${r.subjectMedian}，而 ${r.twin} 为 0` : `比 ${r.twin} 多 ${pct(r.deltaPct)}`}（p=${r.p.toFixed(3)}）；编译器说指针不逃逸，所以差异来自基准测试的其他部分`,
    measured: (r) =>
      `实测：${r.unit} 按指针 ${r.subjectMedian}，按值 ${r.twinMedian}（${r.significant ? `${r.deltaPct === null ? '从 0 起' : pct(r.deltaPct)}，p=${r.p.toFixed(3)}` : `~ 没有显著差异，p=${r.p.toFixed(3)}`}）`,
    'not-measured': (r) =>
      r.twin !== null ? `未测量：没有基准测试分别调用 ${r.function} 和 ${r.twin}；结论只依据编译器` : `未测量：${r.function} 没有按值传递的对应版本；结论只依据编译器`,
    'no-compiler-evidence': (r) => `编译器没有报告参数 ${r.param} 的任何信息（${r.function} 是用这些构建标签编译的吗？）`,
    'other-cause': (r, m) => `${r.function} 中的 ${r.variable} 被移到堆上（第 ${r.line} 行），但不是因为这次调用：${storyText(m, r.cause.story)}`,
  },
  knownFunction: {
    'reflect-new': '反射在这里分配了一个新值（reflect.New，或通过反射填充值的解码器）',
    'reflect-map': '反射写入 map（reflect.Value.SetMapIndex，填充 map 的解码器）',
    'reflect-slice': '反射分配或扩容切片（reflect.MakeSlice、Append，填充切片的解码器）',
    'runtime-internal': '运行时在这里为自身的簿记分配内存（goroutine 描述符和栈、定时器、通道、profile 桶）',
    'runtime-linkname': '其他包以自己的名字调用的运行时代码（linkname，例如 strings.Builder.Grow 和 bytes.Buffer 背后的 internal/bytealg.MakeNoZero）在此分配；运行时不带诊断编译，原因在调用方那一行',
  },
  harness: '由测试框架分配：到达这一行的调用栈都不经过目标包（testing 解析它的标志和 -test.bench 模式，运行时启动）',
  noDecision: '以诊断方式编译过，编译器在这一行没有报告逃逸，也没有会分配内存的运行时调用',
  textNotRead: '只以 -json 编译过，它在这一行没有报告逃逸；没有读取会列出这一行运行时调用的 -m=2/-S 文本（check 加 --tests 才为测试文件及其实例化的泛型代码读取它）',
  notCollected: {
    'below-threshold': (pkg, depsMin) => `没有收集 ${pkg} 的编译器证据：它的代码行低于 --deps-min ${formatPercent(depsMin ?? 0, 1)} 的 alloc_space（--deps-min 0 会收集它）`,
    disabled: (pkg) => `没有收集 ${pkg} 的编译器证据（--deps-min off；给出一个比例如 0.5% 来收集它）`,
    'build-failed': (pkg) => `没有收集 ${pkg} 的编译器证据：依赖构建失败（见警告）`,
    'unknown-package': () => '没有收集编译器证据：该文件不属于本次构建的任何包（生成的代码或 cgo 代码？）',
  },
  runtimeCall: {
    'runtime.newobject': '变量或复合字面量分配在堆上',
    'runtime.mallocgc': '堆分配',
    'runtime.makemap': '创建 map（带容量提示）',
    'runtime.makemap64': '创建 map（带 64 位容量提示）',
    'runtime.makemap_small': '创建 map',
    'runtime.makeslice': 'make([]T, n) 在堆上分配底层数组（n 不是常量且放不进栈缓冲区）',
    'runtime.makeslice64': 'make([]T, n) 在堆上分配底层数组',
    'runtime.makeslicecopy': '切片被复制到新的底层数组',
    'runtime.growslice': 'append 扩容切片',
    'runtime.concatstring2': '字符串拼接生成新字符串',
    'runtime.concatstring3': '字符串拼接生成新字符串',
    'runtime.concatstring4': '字符串拼接生成新字符串',
    'runtime.concatstring5': '字符串拼接生成新字符串',
    'runtime.concatstrings': '字符串拼接生成新字符串',
    'runtime.concatbyte2': '拼接成 []byte 生成新切片',
    'runtime.concatbyte3': '拼接成 []byte 生成新切片',
    'runtime.concatbyte4': '拼接成 []byte 生成新切片',
    'runtime.concatbyte5': '拼接成 []byte 生成新切片',
    'runtime.concatbytes': '拼接成 []byte 生成新切片',
    'runtime.slicebytetostring': 'string([]byte) 复制字节',
    'runtime.stringtoslicebyte': '[]byte(string) 复制字符串',
    'runtime.stringtoslicerune': '[]rune(string) 解码到新切片',
    'runtime.slicerunetostring': 'string([]rune) 编码成新字符串',
    'runtime.intstring': 'string(rune) 生成新字符串',
    'runtime.convT': '值被装箱进接口',
    'runtime.convTnoptr': '值被装箱进接口',
    'runtime.convT16': '16 位的值被装箱进接口',
    'runtime.convT32': '32 位的值被装箱进接口',
    'runtime.convT64': '64 位的值被装箱进接口',
    'runtime.convTstring': '字符串被装箱进接口',
    'runtime.convTslice': '切片被装箱进接口',
    'runtime.makechan': '创建通道',
    'runtime.makechan64': '创建通道',
    'runtime.chanrecv1': '阻塞的通道接收要取一个 sudog，运行时的缓存为空时会分配一个',
    'runtime.chanrecv2': '阻塞的通道接收要取一个 sudog，运行时的缓存为空时会分配一个',
    'runtime.chansend1': '阻塞的通道发送要取一个 sudog，运行时的缓存为空时会分配一个',
    'runtime.selectgo': '阻塞的 select 每个分支要取一个 sudog，运行时的缓存为空时会分配',
    'runtime.newproc': 'go 语句在没有可复用的已结束 goroutine 时分配新的 goroutine 及其栈',
    'runtime.mapassign': MAP_INSERT,
    'runtime.mapassign_fast32': MAP_INSERT,
    'runtime.mapassign_fast32ptr': MAP_INSERT,
    'runtime.mapassign_fast64': MAP_INSERT,
    'runtime.mapassign_fast64ptr': MAP_INSERT,
    'runtime.mapassign_faststr': MAP_INSERT,
  },
  assertion,
  cause,
  finding,
  check,
  maps,
  escape,
  change,
  profile: {
    file: (name) => `文件：${name}`,
    type: (type, why) => `类型：${type}${why === null ? '' : `（${SAMPLE_INDEX_REASON[why]}）`}`,
    reason: SAMPLE_INDEX_REASON,
    showing: (shown, pct, total) => `显示的节点合计 ${shown}，占总量 ${total} 的 ${pct}`,
    dropped: (n, cutoff) => `略去 ${n} 个节点（cum <= ${cutoff}）`,
    showingTop: (shown, all) => `显示 ${all} 个节点中的前 ${shown} 个`,
    total: (total) => `总量：${total}`,
    ofTotal: (pct) => `占总量的 ${pct}`,
    sourceNotFound: (file) => `（找不到源码：${file}）`,
    context: '上下文',
    mapsHeading: (type, fromFrames) => `按用途划分的 map（${type}；依据${fromFrames ? '运行时栈帧' : '分配点源码行和对象大小（Go 的堆 profile 隐藏了运行时栈帧）'}）：`,
    mapPurposeTitle: { create: 'map 创建', 'first-group': '小 map 的第一个组', grow: 'map 增长', assign: 'map 赋值', other: '其他 map 操作' },
    mapAmbiguous: 'map 代码行，无法区分',
    mapColumns: { purpose: '用途', value: '值', share: '占比', reduce: '如何减少' },
  },
  diff: {
    header: (type, unit, g) => `${type}（${unit}）的差异：new − base，按${{ functions: '函数', lines: '行', files: '文件' }[g] ?? g}`,
    sampleIndex: (type, why) => `样本类型：${type} —— ${why}`,
    side: (side, label, total) => `${side === 'base' ? 'base：' : 'new： '}${label}  总量 ${total}`,
    change: (d, pct) => `变化：${d}${pct !== null ? `（base 的 ${pct}）` : ''}`,
    normalized: (scale) => `归一化：是 —— base 乘以 ×${scale}，使其总量等于 new 的总量（pprof -normalize 则把 new 缩放到 base 的总量：形状相同，尺度不同）`,
    raw: '归一化：否 —— 原始值（两次运行的时长或负载不同时，使用 --normalize）',
    pctBasis: (total) => `Δ% 相对于 base 的 |值| 总和（${total}），与 pprof -diff_base 的输出一致`,
    warning: '警告',
    grew: (n) => `增长（${n}）：`,
    shrank: (n) => `减少或消失（${n}）：`,
    nothingGrew: '没有增长',
    nothingShrank: '没有减少',
    baseCum: 'base 累计',
    newCum: 'new 累计',
    more: (n) => `（还有 ${n} 个；增大 --nodecount 或使用 --format json）`,
    status: { vanished: '消失', appeared: '出现' },
  },
  bench: {
    benchmark: '基准测试',
    moved: '（被移到堆上）',
    inFunction: (fn) => `，位于 ${fn}`,
    more: (n) => `另有 ${n} 个`,
    variant: (b) => `变体（相对 ${b}）`,
    escapes: '逃逸数',
    decisions: '堆分配决定（前 2 个）',
    ruleHits: '规则命中（前 2 个）',
    ruleHitsNote: 'rule hits：heapsight check 通过测量判定的反模式，位于每个基准测试所到达的代码中；heapsight check 为每一个给出结论。',
    baseline: '（基线）',
    deltaNote: 'Δ：中位数相对基线的变化，双侧 Mann-Whitney U 检验；"~" 表示 p > alpha（没有可检测的变化），"?" 表示比值无定义。',
    escapesNotCollected: '逃逸数：n/a —— 没有收集编译器证据。',
    escapesNote:
      '逃逸数：编译器在基准测试及其直接或间接调用的包内函数中报告的堆分配决定（moved to heap、escapes to heap）；每个只计一次，记在它自己的源码行（“位于 F”：在被调用函数 F 内）。--format json 列出全部。',
    starNote: '*：在编译器内联该函数的地方，它判定这份副本不逃逸（golang/go#32850）；计数保留该函数自身的决定。',
    noTestFiles: '没有测试文件',
    noneMatched: '没有匹配的基准测试',
    legend:
      'time/op、B/op、allocs/op：中位数 ± 95% 置信区间半宽（benchstat 的方法）。GC/run：测量运行中的自动 GC 次数；GC/Mop：每百万次迭代；STW：stop-the-world 时间（gctrace 时钟阶段 1+3）；GC CPU：运行时 GC 占用的 CPU 比例。',
  },
  compare: { vsBase: '相对 base', nothing: '没有可比较的基准测试结果' },
  ruleVerdict: ruleVerdictWord,
  ruleReason: {
    allocates: (r) =>
      `测量：${r.through === 'callees' ? '这一行及其调用的代码中' : '这一行'}分配了 ${formatBytes(r.allocBytes)}，${formatCount(r.allocObjects)} 个对象` +
      `（占 alloc_space 的 ${formatPercent(r.share, 1)}）` +
      (r.bytesPerOp !== null && r.allocsPerOp !== null ? `：在运行它的基准测试中为 ${num(r.bytesPerOp)} B/op 和 ${num(r.allocsPerOp)} allocs/op` : ''),
    'allocates-nothing': (r) =>
      `测量：${r.benchmarks.length > 0 ? r.benchmarks.join('、') : '基准测试'}运行了它${r.executions !== null ? `（每次迭代 ${r.executions} 次）` : ''}，` +
      `而堆 profile 没有记在它上面的分配（MemProfileRate ${r.memProfileRate}）`,
    occasional: (r) =>
      `测量：${formatCount(r.ops)} 次操作中分配了 ${formatBytes(r.allocBytes)}，${r.allocObjects} 个对象，低于 ${num(r.minAllocsPerOp)} allocs/op：` +
      '偶尔发生的分配（GC 后重新填充的 pool、第一次调用时的初始化），不是每次操作都有',
    'package-init': () => '在包初始化时每个进程运行一次，早于任何基准测试：没有每次操作的开销（而且早于 -test.memprofilerate 生效，所以它的字节不按该采样率采样）',
    'not-exercised': (r) => `覆盖率：${r.benchmarks} 个基准测试都没有运行这一行（每个都带覆盖率计数器在独立进程中运行一次）`,
    'no-coverage': (r) =>
      r.why === 'test-file'
        ? '覆盖率：_test.go 文件没有计数器，这里也没有采样到字节：无法测量'
        : r.why === 'off'
          ? '覆盖率：没有覆盖率运行（--no-coverage 或 --race），这里也没有采样到字节：不知道它是否运行过'
          : '覆盖率：没有计数器覆盖这一行，这里也没有采样到字节：不知道它是否运行过',
    'no-profile': () => '没有采集堆 profile：不知道任何字节',
    'map-growth': (r) => `插入处的 map 增长：${formatBytes(r.allocBytes)}，${formatCount(r.allocObjects)} 个对象，给出大小提示即可去掉`,
    'first-group-only': (r) =>
      `只有小 map 的第一个组（${formatBytes(r.allocBytes)}，${r.allocObjects} 个对象），在第一次插入时分配：大小提示去不掉它，而且 map 从未增长`,
    'runtime-call': (r) => `编译器：编译后的代码在这里调用 ${r.call}`,
    'conversion-elided': (r) =>
      `编译器：这一行没有 ${r.direction === 'bytes-to-string' ? 'runtime.slicebytetostring' : 'runtime.stringtoslicebyte'} 调用：转换不复制` +
      (r.context === 'plain' ? '' : `（${CONVERSION_CONTEXT[r.context]}复用了这些字节）`),
    'pool-boxes-nothing': () => '编译器：Put 在这里不装箱任何东西（没有 convT 调用，没有接口转换逃逸）：pool 存放的是指针',
    'pool-boxes': (r) => `编译器：Put 把它的参数装箱成接口${r.call !== null ? `（${r.call}）` : ''}`,
    'captured-to-heap': (r) =>
      r.variables.length > 0
        ? `编译器：moved to heap: ${r.variables.join(', ')}（被闭包捕获）${r.closureEscapes ? '；func 字面量逃逸到堆上' : ''}`
        : '编译器：func 字面量逃逸到堆上（它连同捕获的值一起分配；被捕获的变量本身留在栈帧中）',
    'captured-on-stack': (r) => `编译器：${r.variables.join('、')} 留在栈上，闭包不逃逸`,
  },
  ruleFix: {
    'size-hint': (f) => `用 make(${f.mapType}, ${f.length}) 代替 ${f.make.text}（第 ${f.make.line} 行）`,
    capacity: (f) => `用 ${f.variable} := make(${f.sliceType}, 0, ${f.length}) 代替 \`${f.declaration.text}\`（第 ${f.declaration.line} 行）`,
    grow: (f) => `在第 ${f.declaration.line} 行之后调用 ${f.variable}.Grow(…)，供 ${f.length} 次写入`,
    'replace-call': (f) => `${f.replacement}${f.imports.length > 0 ? `（import ${f.imports.join(', ')}）` : ''}`,
    'strings-builder': (f) => `在 strings.Builder 中构造 ${f.variable}（声明于第 ${f.declaration.line} 行），最后调用一次 String`,
    'hoist-regexp': (f) => `在包级写 var ${f.name} = ${f.call.text}`,
    'pool-pointer': (f) => `Put(&${f.argument}) 和 Get().(*T)：池化指针`,
  },
  ruleTally: (n, v) => `${n} 个${ruleVerdictWord[v]}`,
  ruleTallySeparator: '，',
  experiment,
  history: {
    noCommit: '无提交',
    dirty: '+dirty',
    fromZero: '从 0 起',
    machine: { go: 'go 版本', cpu: 'CPU', platform: 'GOOS/GOARCH' },
    change: (direction, run, commit, from, to, delta, p, machine) =>
      `${run}（${commit}）处${direction === 'regression' ? '退化' : '改进'}：${from} → ${to}，${delta}（${p}）${machine.length > 0 ? `；${machine.join('、')} 也变了` : ''}`,
    header: (runs, database) => `heapsight history：${database} 中有 ${runs} 次运行`,
    noRuns: '还没有记录任何运行：`heapsight check --record` 会记录一次',
    changePointRule: (alpha, minChange) => `变化点：p ≤ ${alpha}（与前一次运行做 Mann-Whitney U 检验），且中位数变化至少 ${minChange}`,
    column: { run: '运行', commit: '提交', recorded: '记录时间（UTC）', command: '命令', go: 'go', platform: 'GOOS/GOARCH', cpu: 'cpu', heapDecisions: '堆分配决定' },
    noBenchmark: (bench, unit) => `这些运行中没有${bench !== null ? `匹配 ${JSON.stringify(bench)} ` : ''}${unit !== null ? `单位为 ${unit} ` : ''}的基准测试`,
    tally: (changes, regressions, improvements) => `${changes} 个变化点（${regressions} 个退化，${improvements} 个改进）`,
    caveat: (warning, series) => `注意：${warning}（${series} 个序列）`,
    htmlIntro: (runs, database, alpha, minChange) =>
      `<code>${database}</code> 中有 ${runs} 次运行。变化点：p ≤ ${alpha}（与前一次运行做 Mann-Whitney U 检验），且中位数变化至少 ${minChange}。`,
    runsHeading: '运行',
    htmlNoBenchmark: '这些运行中没有基准测试。',
  },
};
