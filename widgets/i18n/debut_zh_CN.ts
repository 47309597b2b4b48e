<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1, %2; columns: %3</source>
        <translation>%1，%2；列：%3</translation>
    </message>
    <message>
        <source>; updated %1, skipped %2</source>
        <translation>；更新 %1，跳过 %2</translation>
    </message>
    <message>
        <source>; task “%1” (%2%3)</source>
        <translation>；任务“%1”（%2%3）</translation>
    </message>
    <message>
        <source>, new</source>
        <translation>，新建</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s) rejected (see the import summary).</source>
        <translation>
            <numerusform>%1：%n 行被拒绝（见导入摘要）。</numerusform>
        </translation>
    </message>
    <message>
        <source>scored %1 item-segment pairs, %2 ranked</source>
        <translation>已评分 %1 个商品-细分组合，已排名 %2 个</translation>
    </message>
</context>
<context>
    <name>debut::AucChart</name>
    <message>
        <source>ROC-AUC and PR-AUC on dev</source>
        <translation>验证集上的 ROC-AUC 与 PR-AUC</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation>PR-AUC</translation>
    </message>
    <message>
        <source>zero-shot ROC</source>
        <translation>零样本 ROC</translation>
    </message>
    <message>
        <source>zero-shot PR</source>
        <translation>零样本 PR</translation>
    </message>
</context>
<context>
    <name>debut::CataloguePage</name>
    <message>
        <source>Brand:</source>
        <translation>品牌：</translation>
    </message>
    <message>
        <source>All brands</source>
        <translation>全部品牌</translation>
    </message>
    <message>
        <source>Search title, brand or category…</source>
        <translation>搜索标题、品牌或类目…</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类目：</translation>
    </message>
    <message>
        <source>Price:</source>
        <translation>价格：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Import Items…</source>
        <translation>导入商品…</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类目</translation>
    </message>
    <message>
        <source>No project open. Use File ▸ New Project or File ▸ Open Project.</source>
        <translation>未打开项目。请使用 文件 ▸ 新建项目 或 文件 ▸ 打开项目。</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 个商品</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::ConfusionView</name>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted)</source>
        <translation>混淆矩阵（行：真实，列：预测）</translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation>尚无评估结果</translation>
    </message>
</context>
<context>
    <name>debut::CurveChart</name>
    <message>
        <source>false-positive rate</source>
        <translation>误报率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>true-positive rate</source>
        <translation>真正率</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>How well the model puts the class&apos;s items above the others. The closer the curve runs to the top-left corner, the better; the diagonal is guessing. The area (AUC) is 1 for a perfect ranking and 0.5 for guessing.</source>
        <translation>模型把该类别的商品排在其他商品前面的能力。曲线越靠近左上角越好；对角线相当于随机猜测。曲线下面积（AUC）排序完美时为 1，随机猜测时为 0.5。</translation>
    </message>
    <message>
        <source>Precision: the share of the items the model picks that really are of the class. Recall: the share of the class&apos;s items it finds. Higher is better; the dotted line is picking at random.</source>
        <translation>精确率：模型选出的商品中真正属于该类别的比例。召回率：该类别的商品被找出的比例。越高越好；虚线相当于随机挑选。</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation>PR-AUC</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>zero-shot</source>
        <translation>零样本</translation>
    </message>
</context>
<context>
    <name>debut::CurvesView</name>
    <message>
        <source>Precision-recall</source>
        <translation>精确率-召回率</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>The class whose items are to be found (one class against all the others).</source>
        <translation>要找出的类别（该类别对其余所有类别）。</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <source>ROC curve of the chosen class on the dev data</source>
        <translation>所选类别在验证集上的 ROC 曲线</translation>
    </message>
    <message>
        <source>Precision-recall curve of the chosen class on the dev data</source>
        <translation>所选类别在验证集上的精确率-召回率曲线</translation>
    </message>
</context>
<context>
    <name>debut::ExplanationNotes</name>
    <message>
        <source>explained for segment &apos;%1&apos;</source>
        <translation>按细分“%1”解释</translation>
    </message>
    <message>
        <source>this item is labelled &apos;%1&apos;</source>
        <translation>此商品已标注为“%1”</translation>
    </message>
    <message>
        <source>this item is labelled &apos;%1&apos; for segment &apos;%2&apos;</source>
        <translation>此商品在细分“%2”中已标注为“%1”</translation>
    </message>
    <message>
        <source>no labelled items to compare with</source>
        <translation>没有可比较的已标注商品</translation>
    </message>
    <message>
        <source>price missing: no price contribution</source>
        <translation>缺少价格：价格不计入</translation>
    </message>
    <message>
        <source>brand empty: no brand contribution</source>
        <translation>品牌为空：品牌不计入</translation>
    </message>
    <message>
        <source>category empty: no category contribution</source>
        <translation>类目为空：类目不计入</translation>
    </message>
    <message>
        <source>brand &apos;%1&apos; was not seen in training: the model treats it as unknown</source>
        <translation>品牌“%1”未在训练中出现：模型将其视为未知</translation>
    </message>
    <message>
        <source>category &apos;%1&apos; was not seen in training: the model treats it as unknown</source>
        <translation>类目“%1”未在训练中出现：模型将其视为未知</translation>
    </message>
    <message>
        <source>description empty: explained the title only</source>
        <translation>描述为空：只解释了标题</translation>
    </message>
    <message>
        <source>description has no words (only spaces/punctuation): explained the title only</source>
        <translation>描述中没有词（只有空格或标点）：只解释了标题</translation>
    </message>
    <message>
        <source>title empty</source>
        <translation>标题为空</translation>
    </message>
    <message>
        <source>title has no words (only spaces/punctuation)</source>
        <translation>标题中没有词（只有空格或标点）</translation>
    </message>
    <message>
        <source>no words to explain: only side fields can contribute</source>
        <translation>没有可解释的词：只有附加字段能影响得分</translation>
    </message>
    <message>
        <source>the model reads only the first %1 of %2 bytes: the title is cut and the description is not read</source>
        <translation>模型只读取 %2 字节中的前 %1 字节：标题被截断，描述未被读取</translation>
    </message>
    <message>
        <source>the model reads the description only up to byte %1 of %2: words after it do not affect the score</source>
        <translation>模型只读取描述 %2 字节中的前 %1 字节：其后的词不影响得分</translation>
    </message>
    <message>
        <source>%1 word(s) after the model&apos;s input limit were not occluded (the model does not read them)</source>
        <translation>%1 个词超出模型的输入长度，未做遮挡（模型不读取它们）</translation>
    </message>
    <message>
        <source>%1 word(s) beyond the first %2 were not occluded</source>
        <translation>前 %2 个词之后的 %1 个词未做遮挡</translation>
    </message>
    <message>
        <source>explained on the first %1 bytes of the text (the model reads less; a very long text is not copied per variant)</source>
        <translation>仅用文本的前 %1 字节做解释（模型读取的更少；很长的文本不会为每个变体复制）</translation>
    </message>
    <message>
        <source>occlusion: %1 word(s) removed one at a time, all variants scored in one batch</source>
        <translation>遮挡法：逐个移除 %1 个词，所有变体在一个批次中评分</translation>
    </message>
    <message>
        <source>completeness error stays above %1% at %2 steps: read the word weights as approximate</source>
        <translation>%2 步后完备性误差仍高于 %1%：词权重仅供参考</translation>
    </message>
    <message>
        <source>%1 word(s) after the model&apos;s input limit get no attribution</source>
        <translation>%1 个词超出模型的输入长度，没有归因</translation>
    </message>
    <message>
        <source>integrated gradients: %1 steps against a padding baseline, f(x) = %2, f(baseline) = %3, completeness error %4%</source>
        <translation>积分梯度：以填充为基线积分 %1 步，f(x) = %2，f(基线) = %3，完备性误差 %4%</translation>
    </message>
    <message>
        <source>attribution on punctuation/special tokens (not shown): %1</source>
        <translation>标点或特殊词元上的归因（未显示）：%1</translation>
    </message>
</context>
<context>
    <name>debut::ExplanationView</name>
    <message>
        <source>&lt;span style=&quot;background:%1&quot;&gt;&amp;nbsp;word&amp;nbsp;&lt;/span&gt; raises the score &amp;nbsp; &lt;span style=&quot;background:%2&quot;&gt;&amp;nbsp;word&amp;nbsp;&lt;/span&gt; lowers it &amp;nbsp; (stronger colour = larger effect)</source>
        <translation>&lt;span style=&quot;background:%1&quot;&gt;&amp;nbsp;词&amp;nbsp;&lt;/span&gt; 提高得分 &amp;nbsp; &lt;span style=&quot;background:%2&quot;&gt;&amp;nbsp;词&amp;nbsp;&lt;/span&gt; 降低得分 &amp;nbsp;（颜色越深影响越大）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Side fields&lt;/b&gt;</source>
        <translation>&lt;b&gt;附加字段&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most similar labelled items&lt;/b&gt;</source>
        <translation>&lt;b&gt;最相似的已标注商品&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Effect on score</source>
        <translation>对得分的影响</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Select a recommended item to see why it is ranked there.</source>
        <translation>选择一个推荐商品，查看它排在此处的原因。</translation>
    </message>
    <message>
        <source>integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>word occlusion</source>
        <translation>词遮挡</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — score %2 for “%3” (%4)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — “%3”得分 %2（%4）</translation>
    </message>
    <message>
        <source>; completeness error %1%</source>
        <translation>；完整性误差 %1%</translation>
    </message>
    <message>
        <source>&lt;i&gt;(no description)&lt;/i&gt;</source>
        <translation>&lt;i&gt;（无描述）&lt;/i&gt;</translation>
    </message>
    <message>
        <source>price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>category</source>
        <translation>类目</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
    <message>
        <source>Score change when %1 is replaced by “%2”.</source>
        <translation>将%1替换为“%2”时得分的变化。</translation>
    </message>
</context>
<context>
    <name>debut::ExportDialog</name>
    <message>
        <source>Loading segments…</source>
        <translation>正在加载客群…</translation>
    </message>
    <message>
        <source>rank, item_id, then the ticked columns in this order:</source>
        <translation>rank、item_id，然后按以下顺序输出勾选的列：</translation>
    </message>
    <message>
        <source>p_&lt;class&gt; (one per class, multi-class tasks)</source>
        <translation>p_&lt;类别&gt;（每个类别一列，多类任务）</translation>
    </message>
    <message>
        <source>Export Recommendations</source>
        <translation>导出推荐</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Include reasons (from stored explanations)</source>
        <translation>包含推荐理由（来自已保存的解释）</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Top N per segment:</source>
        <translation>每个客群前 N 个：</translation>
    </message>
    <message>
        <source>Segments:</source>
        <translation>客群：</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>全部客群</translation>
    </message>
</context>
<context>
    <name>debut::ImportWizard</name>
    <message>
        <source>Choose a File</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)</source>
        <translation>表格 (*.csv *.tsv *.txt *.jsonl *.ndjson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Import Items</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>Import Labels</source>
        <translation>导入标签</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>A catalogue as CSV, TSV or JSON Lines.</source>
        <translation>CSV、TSV 或 JSON Lines 格式的商品目录。</translation>
    </message>
    <message>
        <source>Labels: item id, label, optional segment, weight and time.</source>
        <translation>标签：商品 ID、标签值，可选客群、权重和时间。</translation>
    </message>
    <message>
        <source>Encoding and delimiter</source>
        <translation>编码与分隔符</translation>
    </message>
    <message>
        <source>Detected from the file; change them if the preview looks wrong.</source>
        <translation>已从文件自动检测；如预览有误请修改。</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Check which field each column fills.</source>
        <translation>确认每一列对应的字段。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>existing task&apos;s kind, or guessed from the values</source>
        <translation>沿用已有任务的类型，或根据标签值推测</translation>
    </message>
    <message>
        <source>Existing item ids:</source>
        <translation>已存在的商品 ID：</translation>
    </message>
    <message>
        <source>update the item</source>
        <translation>更新该商品</translation>
    </message>
    <message>
        <source>keep the existing item</source>
        <translation>保留已有商品</translation>
    </message>
    <message>
        <source>stop the import</source>
        <translation>停止导入</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Delimiter:</source>
        <translation>分隔符：</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>The first row holds column names</source>
        <translation>第一行是列名</translation>
    </message>
    <message>
        <source>Each column&apos;s field was guessed from its name. Unmapped catalogue columns are kept as extra fields; choose “ignore” to drop one.</source>
        <translation>每列的字段已根据列名推测。未映射的商品列作为附加字段保留；选择“ignore”可丢弃该列。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Save Rejected Rows as CSV…</source>
        <translation>将被拒绝的行保存为 CSV…</translation>
    </message>
    <message>
        <source>Name the task these labels belong to.</source>
        <translation>请填写这些标签所属的任务名称。</translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation>请为以下字段选择列：%1。</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Format %1, encoding %2, delimiter %3, %4.</source>
        <translation>格式 %1，编码 %2，分隔符 %3，%4。</translation>
    </message>
    <message>
        <source>with a header row</source>
        <translation>有表头行</translation>
    </message>
    <message>
        <source>no header row</source>
        <translation>无表头行</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Import items</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>导入标签</translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <source>Import cancelled: the project is unchanged.</source>
        <translation>导入已取消：项目未改变。</translation>
    </message>
    <message>
        <source>Import failed: the project is unchanged.
%1</source>
        <translation>导入失败：项目未改变。
%1</translation>
    </message>
    <message>
        <source>Rows read: %1 · imported: %2 · rejected: %3</source>
        <translation>读取 %1 行 · 导入 %2 · 拒绝 %3</translation>
    </message>
</context>
<context>
    <name>debut::ItemTableModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>debut::LabelsPage</name>
    <message>
        <source>Add Class</source>
        <translation>添加类别</translation>
    </message>
    <message>
        <source>Class name:</source>
        <translation>类别名称：</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>客群：</translation>
    </message>
    <message>
        <source>New Task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>New Segment…</source>
        <translation>新建客群…</translation>
    </message>
    <message>
        <source>Import Labels…</source>
        <translation>导入标签…</translation>
    </message>
    <message>
        <source>Suggest Items to Label</source>
        <translation>推荐待标注商品</translation>
    </message>
    <message>
        <source>Add Class…</source>
        <translation>添加类别…</translation>
    </message>
    <message>
        <source>Search items…</source>
        <translation>搜索商品…</translation>
    </message>
    <message>
        <source>Label next (most informative first):</source>
        <translation>接下来标注（信息量最大的在前）：</translation>
    </message>
    <message>
        <source>Keys: 1 / 0 (binary), 1–9 (n-th class), Delete removes the label. The selection then moves on to the next item.</source>
        <translation>快捷键：1 / 0（二分类），1–9（第 n 个类别），Delete 删除标签。标注后自动跳到下一个商品。</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>Yes (1)</source>
        <translation>是 (1)</translation>
    </message>
    <message>
        <source>No (0)</source>
        <translation>否 (0)</translation>
    </message>
    <message>
        <source>Remove [Del]</source>
        <translation>删除 [Del]</translation>
    </message>
    <message>
        <source>Create a task or import labels to start.</source>
        <translation>请新建任务或导入标签后开始。</translation>
    </message>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message>
        <source>New Task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Task name:</source>
        <translation>任务名称：</translation>
    </message>
    <message>
        <source>Binary (yes / no)</source>
        <translation>二分类（是 / 否）</translation>
    </message>
    <message>
        <source>Multi-class</source>
        <translation>多分类</translation>
    </message>
    <message>
        <source>Rating (1–5)</source>
        <translation>评分（1–5）</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>New Segment</source>
        <translation>新建客群</translation>
    </message>
    <message>
        <source>Customer segment name:</source>
        <translation>客群名称：</translation>
    </message>
    <message>
        <source>Train a model first: suggestions come from its uncertainty.</source>
        <translation>请先训练模型：推荐依据模型的不确定度。</translation>
    </message>
    <message>
        <source>uncertainty %1</source>
        <translation>不确定度 %1</translation>
    </message>
    <message>
        <source>The models changed: press “%1” for new suggestions.</source>
        <translation>模型已变化：请点击“%1”获取新的推荐。</translation>
    </message>
    <message>
        <source>Suggesting items to label (%1)</source>
        <translation>正在推荐待标注商品（%1）</translation>
    </message>
    <message>
        <source>Busy: suggest again when the running job has finished.</source>
        <translation>正忙：请在当前任务完成后再推荐。</translation>
    </message>
    <message>
        <source>Finding the items whose labels would teach the model most…</source>
        <translation>正在查找标注后对模型帮助最大的商品…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No suggestions: %1</source>
        <translation>没有推荐：%1</translation>
    </message>
    <message>
        <source>Predicted: %1 (score %2)</source>
        <translation>预测：%1（得分 %2）</translation>
    </message>
    <message>
        <source>Most uncertain for segment: %1</source>
        <translation>最不确定的客群：%1</translation>
    </message>
    <message>
        <source>Every item is labelled.</source>
        <translation>所有商品都已标注。</translation>
    </message>
</context>
<context>
    <name>debut::LossChart</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 训练</translation>
    </message>
    <message>
        <source>%1 dev</source>
        <translation>%1 验证</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss (log)</source>
        <translation>损失（对数）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>epoch or candidate</source>
        <translation>轮次或候选方案</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选方案</translation>
    </message>
</context>
<context>
    <name>debut::MainWindow</name>
    <message>
        <source>Catalogue</source>
        <translation>商品目录</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>Import &amp;Items…</source>
        <translation>导入商品(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;Labels…</source>
        <translation>导入标签(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;About Debut</source>
        <translation>关于 Debut(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running job after its current batch</source>
        <translation>在当前批次结束后停止正在运行的任务</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>%1 — Debut</source>
        <translation>%1 — Debut</translation>
    </message>
    <message>
        <source>Debut Workbench</source>
        <translation>Debut 工作台</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Debut projects (*.debut)</source>
        <translation>Debut 项目 (*.debut)</translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation>无法替换 %1。</translation>
    </message>
    <message>
        <source>Debut projects (*.debut);;All files (*)</source>
        <translation>Debut 项目 (*.debut);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation>请先打开或新建项目。</translation>
    </message>
    <message>
        <source>About Debut</source>
        <translation>关于 Debut</translation>
    </message>
    <message>
        <source>&lt;b&gt;Debut %1&lt;/b&gt;&lt;p&gt;Few-shot recommendations for new items: label a handful, fine-tune a text encoder, rank, explain and export.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Debut %1&lt;/b&gt;&lt;p&gt;新品少样本推荐：标注少量商品，微调文本编码器，排序、解释并导出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed — see Messages.</source>
        <translation>失败——请查看消息。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>A job is running. Cancel it and quit when it has stopped?</source>
        <translation>有任务正在运行。取消它并在停止后退出吗？</translation>
    </message>
</context>
<context>
    <name>debut::ProjectDocument</name>
    <message>
        <source>A job is running; wait for it or cancel it first.</source>
        <translation>有任务正在运行；请等待或先取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) stopped when the program running them ended; they are marked interrupted and resume from their last checkpoint (debut train --resume).</source>
        <translation>
            <numerusform>%n 个运行因运行它们的程序已结束而停止；已标记为“已中断”，可从最近的检查点继续（debut train --resume）。</numerusform>
        </translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>未打开项目。</translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation>无法替换 %1。</translation>
    </message>
    <message>
        <source>A job is already running (%1).</source>
        <translation>已有任务在运行（%1）。</translation>
    </message>
    <message>
        <source>%1: done. %2</source>
        <translation>%1：完成。%2</translation>
    </message>
    <message>
        <source>%1: cancelled.</source>
        <translation>%1：已取消。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message numerus="yes">
        <source>CUDA (%n device(s))</source>
        <translation>
            <numerusform>CUDA（%n 个设备）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU（%n 个线程）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::RecommendationModel</name>
    <message>
        <source>Predicted rating</source>
        <translation>预测评分</translation>
    </message>
    <message>
        <source>Calibrated probability: about %1% of items scored like this are positives.</source>
        <translation>校准概率：得分如此的商品中约 %1% 为正例。</translation>
    </message>
    <message>
        <source>0 = the model is sure, 1 = it cannot tell the classes apart.</source>
        <translation>0 = 模型很确定，1 = 无法区分各类别。</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>不确定度</translation>
    </message>
</context>
<context>
    <name>debut::RecommendationsPage</name>
    <message>
        <source>Loading the ranked list…</source>
        <translation>正在加载推荐列表…</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>客群：</translation>
    </message>
    <message>
        <source>Top:</source>
        <translation>前：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Explain with:</source>
        <translation>解释方法：</translation>
    </message>
    <message>
        <source>word occlusion (fast)</source>
        <translation>词遮挡（快速）</translation>
    </message>
    <message>
        <source>integrated gradients (precise)</source>
        <translation>积分梯度（精确）</translation>
    </message>
    <message>
        <source>Score Catalogue</source>
        <translation>为目录打分</translation>
    </message>
    <message>
        <source>Rank every item for every segment with the task&apos;s active run.</source>
        <translation>用该任务的当前运行为每个客群的所有商品排序。</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Filter by title or ID…</source>
        <translation>按标题或 ID 筛选…</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类目</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>No trained run for this task yet: train one on the Training page.</source>
        <translation>该任务尚无训练好的运行：请在“训练”页训练。</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Ranked by %1 (%2 predictions).</source>
        <translation>由%1排序（%2 条预测）。</translation>
    </message>
    <message>
        <source>%1 has not scored the catalogue yet: press “Score Catalogue”.</source>
        <translation>%1 尚未为目录打分：请点击“为目录打分”。</translation>
    </message>
    <message>
        <source>Create a task and label a few items first.</source>
        <translation>请先新建任务并标注几个商品。</translation>
    </message>
    <message>
        <source>Waiting for the running job to finish…</source>
        <translation>正在等待当前任务结束…</translation>
    </message>
    <message>
        <source>Explaining %1</source>
        <translation>正在解释 %1</translation>
    </message>
    <message>
        <source>Explaining “%1”…</source>
        <translation>正在解释“%1”…</translation>
    </message>
    <message>
        <source>Explanation cancelled.</source>
        <translation>解释已取消。</translation>
    </message>
    <message>
        <source>Scoring %1</source>
        <translation>正在打分 %1</translation>
    </message>
    <message>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>已导出 %n 行到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>debut::ReportTable</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Zero-shot F1</source>
        <translation>零样本 F1</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Zero-shot</source>
        <translation>零样本</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro avg</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>weighted avg</source>
        <translation>加权平均</translation>
    </message>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>F1 %1</source>
        <translation>F1 %1</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation>ROC-AUC</translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation>PR-AUC</translation>
    </message>
    <message>
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
</context>
<context>
    <name>debut::RunsModel</name>
    <message>
        <source>macro-F1 %1</source>
        <translation>宏 F1 %1</translation>
    </message>
    <message>
        <source>MAE %1</source>
        <translation>MAE %1</translation>
    </message>
    <message>
        <source>, AUC %1</source>
        <translation>，AUC %1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>✓ in use</source>
        <translation>✓ 使用中</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>编码器</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Final metrics</source>
        <translation>最终指标</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation>推荐</translation>
    </message>
</context>
<context>
    <name>debut::RunsPage</name>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Use for Recommendations</source>
        <translation>用于推荐</translation>
    </message>
    <message>
        <source>Rank and explain this task&apos;s items with this run&apos;s model.</source>
        <translation>用此运行的模型为该任务的商品排序并解释。</translation>
    </message>
    <message>
        <source>Select one run to see its curves and report; select two (Ctrl+click) to compare them.</source>
        <translation>选择一个运行查看曲线和报告；选择两个（Ctrl+单击）进行对比。</translation>
    </message>
    <message>
        <source>Rename Run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) with their metrics, predictions and models?</source>
        <translation>
            <numerusform>删除 %n 个运行及其指标、预测和模型吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>debut::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Some texts (for example open dialogs) change after a restart.</source>
        <translation>部分文字（例如已打开的对话框）需重启后更新。</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>外观：</translation>
    </message>
</context>
<context>
    <name>debut::TrainingPage</name>
    <message>
        <source>Candidates</source>
        <translation>候选方案</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Hugging Face Model Folder</source>
        <translation>Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Top-k layers</source>
        <translation>顶部 k 层</translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation>全量微调</translation>
    </message>
    <message>
        <source>LoRA adapters</source>
        <translation>LoRA 适配器</translation>
    </message>
    <message>
        <source>Contrastive (SetFit-style) + head</source>
        <translation>对比学习（SetFit 式）+ 分类头</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation>充分</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>The labels to learn from. Each task is trained separately.</source>
        <translation>用于学习的标签。每个任务单独训练。</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Encoder:</source>
        <translation>编码器：</translation>
    </message>
    <message>
        <source>The pretrained text encoder to start from: USE-Lite (bundled), a Hugging Face BERT-family folder, or an encoder from an earlier run on this catalogue.</source>
        <translation>起始的预训练文本编码器：USE-Lite（内置）、Hugging Face BERT 系列文件夹，或本目录上先前运行得到的编码器。</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Quick: a first look in seconds. Balanced: good defaults. Thorough: more epochs and an ensemble, slower.</source>
        <translation>快速：数秒内初步结果。均衡：良好的默认值。充分：更多轮次和集成，较慢。</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Maximum passes over the labelled items; early stopping may end sooner.</source>
        <translation>遍历已标注商品的最大次数；早停可能提前结束。</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Items per optimisation step. Smaller batches use less memory.</source>
        <translation>每个优化步的商品数。批越小内存越省。</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Step size of the optimiser (AdamW). 0 uses the mode&apos;s default.</source>
        <translation>优化器（AdamW）的步长。0 表示使用该模式的默认值。</translation>
    </message>
    <message>
        <source>Patience:</source>
        <translation>耐心：</translation>
    </message>
    <message>
        <source>Epochs without improvement on the dev data before training stops early.</source>
        <translation>验证集无提升的轮数达到此值后提前停止。</translation>
    </message>
    <message>
        <source>Top-k layers:</source>
        <translation>顶部 k 层：</translation>
    </message>
    <message>
        <source>Top-k mode: how many of the last encoder layers are trained.</source>
        <translation>顶部 k 层模式：训练编码器最后几层。</translation>
    </message>
    <message>
        <source>LoRA rank:</source>
        <translation>LoRA 秩：</translation>
    </message>
    <message>
        <source>LoRA mode: rank of the adapters; higher learns more but needs more labels.</source>
        <translation>LoRA 模式：适配器的秩；越高学得越多，但需要更多标签。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same result on CPU.</source>
        <translation>随机种子：在 CPU 上相同种子得到相同结果。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Where training runs. Automatic uses a CUDA GPU when one is available.</source>
        <translation>训练运行的位置。自动：有 CUDA GPU 时使用 GPU。</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Augment texts (word dropout and swaps)</source>
        <translation>文本增强（随机删词与换位）</translation>
    </message>
    <message>
        <source>Makes noisy copies of the few labelled texts so the model does not memorise them.</source>
        <translation>为少量标注文本生成带噪声的副本，避免模型死记硬背。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>USE-Lite (bundled)</source>
        <translation>USE-Lite（内置）</translation>
    </message>
    <message>
        <source>From scratch (trained on this catalogue)</source>
        <translation>从零训练（基于本目录）</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Encoder of %1</source>
        <translation>%1 的编码器</translation>
    </message>
    <message>
        <source>Hugging Face folder…</source>
        <translation>Hugging Face 文件夹…</translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>正在训练 %1</translation>
    </message>
    <message>
        <source>Finished: run %1.</source>
        <translation>已完成：运行 %1。</translation>
    </message>
    <message>
        <source>Cancelled. The run is kept as cancelled and can be resumed from its checkpoint.</source>
        <translation>已取消。该运行保留为“已取消”，可从检查点继续。</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Epoch %1 of at most %2</source>
        <translation>第 %1 轮（最多 %2 轮）</translation>
    </message>
    <message>
        <source>macro-F1 %1</source>
        <translation>宏 F1 %1</translation>
    </message>
    <message>
        <source>zero-shot %1</source>
        <translation>零样本 %1</translation>
    </message>
    <message>
        <source>MAE %1</source>
        <translation>MAE %1</translation>
    </message>
    <message>
        <source>AUC %1</source>
        <translation>AUC %1</translation>
    </message>
    <message>
        <source>ECE %1</source>
        <translation>ECE %1</translation>
    </message>
    <message>
        <source>%1 examples/s</source>
        <translation>%1 样本/秒</translation>
    </message>
    <message>
        <source>%1 trainable parameters</source>
        <translation>%1 个可训练参数</translation>
    </message>
    <message>
        <source>dev = cross-validation folds</source>
        <translation>验证 = 交叉验证折</translation>
    </message>
    <message>
        <source>best epoch %1</source>
        <translation>最佳轮次 %1</translation>
    </message>
    <message>
        <source>Automatic (picked by cross-validation)</source>
        <translation>自动（按交叉验证选择）</translation>
    </message>
    <message>
        <source>Automatic tries the encoder, the catalogue&apos;s own words and both together, shared or per segment, and keeps what cross-validation on your labels prefers. The other modes tune the encoder: only a small head on frozen embeddings, the last layers, everything, low-rank LoRA adapters, or a contrastive stage first.</source>
        <translation>自动：分别尝试编码器、商品目录自身的词语以及两者结合（所有客群共用或按客群区分），保留在您的标签上交叉验证表现最好的方案。其他模式会调整编码器：仅在冻结的嵌入上训练小分类头、最后几层、全部参数、低秩 LoRA 适配器，或先进行对比学习阶段。</translation>
    </message>
    <message>
        <source>The encoder %1 does not cover this catalogue&apos;s language: %2% of its word pieces are unknown. It was left out, and the model learns from the catalogue&apos;s own words. For a better model, choose a Hugging Face BERT-family folder that covers the language (for Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.</source>
        <translation>编码器 %1 不覆盖此商品目录的语言：其 %2% 的词片为未知词。已不使用该编码器，模型改为从商品目录自身的词语中学习。如需更好的模型，请选择覆盖该语言的 Hugging Face BERT 系列模型文件夹作为编码器（中文如 bert-base-chinese），或在商品目录上进行预训练。</translation>
    </message>
    <message>
        <source>Picked: %1</source>
        <translation>已选：%1</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>候选方案</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Head only (fast)</source>
        <translation>仅分类头（快速）</translation>
    </message>
    <message>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>ROC-AUC and PR-AUC of every epoch, and the zero-shot baseline&apos;s</source>
        <translation>每一轮的 ROC-AUC 与 PR-AUC，以及零样本基线的值</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n label(s))</source>
        <translation>
            <numerusform>%1（%n 个标签）</numerusform>
        </translation>
    </message>
    <message>
        <source>labels without a segment</source>
        <translation>未分客群的标签</translation>
    </message>
    <message numerus="yes">
        <source>%n more segment(s)</source>
        <translation>
            <numerusform>另外 %n 个客群</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s) without labels enough of their own (two of each of two classes) are scored by the part all segments share.</source>
        <translation>
            <numerusform>%n 个客群自身的标签不足（两个类别各至少两个），按所有客群共用的部分评分。</numerusform>
        </translation>
    </message>
    <message>
        <source>Positive labels only (%1): %2 unlabelled catalogue items were drawn as negatives.</source>
        <translation>只有正向标签（%1）：已从商品目录中抽取 %2 件未标注商品作为负样本。</translation>
    </message>
    <message numerus="yes">
        <source>Each segment also counts the other segments&apos; positives among its negatives (%n).</source>
        <translation>
            <numerusform>每个客群还把其他客群的正样本计入自己的负样本（%n 件）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The lists rank items by how much they resemble the labelled ones, and the scores are not purchase rates. The report measures the labelled items against the drawn ones, some of which customers would buy: its AUC sits nearer 0.5 than the lists&apos; true one, though the better model still scores higher. Label a few items shown but not bought as negative to sharpen them.</source>
        <translation>列表按与已标注商品的相似程度排序，分数并非购买率。报告以已标注商品对比抽取的商品来衡量，而其中有些商品顾客其实会买：报告中的 AUC 比列表的真实 AUC 更接近 0.5，但更好的模型得分仍然更高。为展示过但未购买的几件商品标注为负向，可使排序更准确。</translation>
    </message>
    <message>
        <source>AUC per segment</source>
        <translation>各客群平均 AUC</translation>
    </message>
    <message>
        <source>macro-F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>−MSE</source>
        <translation>−MSE（负均方误差）</translation>
    </message>
    <message>
        <source>Each segment&apos;s negatives include the other segments&apos; positives, which a candidate shared by all segments learns as positives in the other folds: such candidates score low here, often below 0.5, and the per-segment ones are what this log can choose between.</source>
        <translation>每个客群的负样本包含其他客群的正样本，而所有客群共用的候选方案在其他折中把它们当作正样本来学习：这类方案在这里得分偏低，常低于 0.5；此日志可在各客群独立的候选方案之间选择。</translation>
    </message>
    <message>
        <source>Cross-validated</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>This run scored below the zero-shot baseline or below chance on its dev set (macro-F1 %1, zero-shot %2, AUC %3). A dev set of a few labels is noisy, and tuning can overfit so few: Automatic mode compares its candidates by cross-validation on every label and keeps the zero-shot prototype when nothing beats it.</source>
        <translation>本次运行在验证集上的表现低于零样本基线或低于随机水平（宏 F1 %1，零样本 %2，AUC %3）。只有少量标签的验证集噪声很大，微调也容易对这么少的标签过拟合：自动模式会用全部标签交叉验证比较各候选方案，若没有方案胜出则保留零样本原型。</translation>
    </message>
    <message>
        <source>This run was trained before the tuning modes had a head per segment: a segment only shifts its scores by a constant, so every segment&apos;s list has the same order. Train again for a list per segment.</source>
        <translation>此运行训练于调优模式尚未为每个客群配备各自的分类头之前：客群只会让分数整体平移一个常数，因此每个客群的列表顺序都相同。重新训练即可为每个客群得到各自的列表。</translation>
    </message>
    <message>
        <source>The encoder %1 does not cover this catalogue&apos;s language: %2% of its word pieces are unknown. This mode learns from the encoder alone, so its scores are close to noise. Automatic mode leaves such an encoder out and learns from the catalogue&apos;s own words; for a better model, choose a Hugging Face BERT-family folder that covers the language (for Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.</source>
        <translation>编码器 %1 不覆盖此商品目录的语言：其 %2% 的词片为未知词。此模式只从该编码器学习，因此其分数接近噪声。自动模式会不使用这样的编码器，改为从商品目录自身的词语中学习；如需更好的模型，请选择覆盖该语言的 Hugging Face BERT 系列模型文件夹作为编码器（中文如 bert-base-chinese），或在商品目录上进行预训练。</translation>
    </message>
</context>
<context>
    <name>debut::WarningsModel</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
</TS>
