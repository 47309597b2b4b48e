<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%1: %n row(s) rejected (see the import summary).</source>
        <translation>
            <numerusform>%1: %n row rejected (see the import summary).</numerusform>
            <numerusform>%1: %n rows rejected (see the import summary).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2; columns: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; updated %1, skipped %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; task “%1” (%2%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scored %1 item-segment pairs, %2 ranked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::AucChart</name>
    <message>
        <source>ROC-AUC and PR-AUC on dev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero-shot ROC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero-shot PR</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::CataloguePage</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message>
        <source>Search title, brand or category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project open. Use File ▸ New Project or File ▸ Open Project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All brands</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ConfusionView</name>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::CurveChart</name>
    <message>
        <source>false-positive rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true-positive rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How well the model puts the class&apos;s items above the others. The closer the curve runs to the top-left corner, the better; the diagonal is guessing. The area (AUC) is 1 for a perfect ranking and 0.5 for guessing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision: the share of the items the model picks that really are of the class. Recall: the share of the class&apos;s items it finds. Higher is better; the dotted line is picking at random.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero-shot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::CurvesView</name>
    <message>
        <source>Precision-recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The class whose items are to be found (one class against all the others).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC curve of the chosen class on the dev data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision-recall curve of the chosen class on the dev data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ExplanationNotes</name>
    <message>
        <source>explained for segment &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this item is labelled &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this item is labelled &apos;%1&apos; for segment &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no labelled items to compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price missing: no price contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brand empty: no brand contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category empty: no category contribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brand &apos;%1&apos; was not seen in training: the model treats it as unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category &apos;%1&apos; was not seen in training: the model treats it as unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>description empty: explained the title only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>description has no words (only spaces/punctuation): explained the title only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>title has no words (only spaces/punctuation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no words to explain: only side fields can contribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model reads only the first %1 of %2 bytes: the title is cut and the description is not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model reads the description only up to byte %1 of %2: words after it do not affect the score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 word(s) after the model&apos;s input limit were not occluded (the model does not read them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 word(s) beyond the first %2 were not occluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>explained on the first %1 bytes of the text (the model reads less; a very long text is not copied per variant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>occlusion: %1 word(s) removed one at a time, all variants scored in one batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completeness error stays above %1% at %2 steps: read the word weights as approximate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 word(s) after the model&apos;s input limit get no attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrated gradients: %1 steps against a padding baseline, f(x) = %2, f(baseline) = %3, completeness error %4%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribution on punctuation/special tokens (not shown): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ExplanationView</name>
    <message>
        <source>&lt;span style=&quot;background:%1&quot;&gt;&amp;nbsp;word&amp;nbsp;&lt;/span&gt; raises the score &amp;nbsp; &lt;span style=&quot;background:%2&quot;&gt;&amp;nbsp;word&amp;nbsp;&lt;/span&gt; lowers it &amp;nbsp; (stronger colour = larger effect)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Side fields&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Most similar labelled items&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effect on score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a recommended item to see why it is ranked there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrated gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>word occlusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — score %2 for “%3” (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; completeness error %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;(no description)&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score change when %1 is replaced by “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ExportDialog</name>
    <message>
        <source>Export Recommendations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include reasons (from stored explanations)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top N per segment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading segments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank, item_id, then the ticked columns in this order:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p_&lt;class&gt; (one per class, multi-class tasks)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ImportWizard</name>
    <message>
        <source>Choose a File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A catalogue as CSV, TSV or JSON Lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels: item id, label, optional segment, weight and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding and delimiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected from the file; change them if the preview looks wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check which field each column fills.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>existing task&apos;s kind, or guessed from the values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing item ids:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update the item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep the existing item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop the import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delimiter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first row holds column names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column&apos;s field was guessed from its name. Unmapped catalogue columns are kept as extra fields; choose “ignore” to drop one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Rejected Rows as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the task these labels belong to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format %1, encoding %2, delimiter %3, %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with a header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled: the project is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed: the project is unchanged.
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows read: %1 · imported: %2 · rejected: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ItemTableModel</name>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::LabelsPage</name>
    <message numerus="yes">
        <source>%n label(s)</source>
        <translation>
            <numerusform>%n label</numerusform>
            <numerusform>%n labels</numerusform>
        </translation>
    </message>
    <message>
        <source>Add Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Segment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Labels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggest Items to Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Class…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label next (most informative first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: 1 / 0 (binary), 1–9 (n-th class), Delete removes the label. The selection then moves on to the next item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes (1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove [Del]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a task or import labels to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary (yes / no)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi-class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rating (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer segment name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a model first: suggestions come from its uncertainty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uncertainty %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The models changed: press “%1” for new suggestions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggesting items to label (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy: suggest again when the running job has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding the items whose labels would teach the model most…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted: %1 (score %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most uncertain for segment: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every item is labelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::LossChart</name>
    <message>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch or candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>candidate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::MainWindow</name>
    <message>
        <source>Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;Items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;Labels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Debut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job after its current batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Debut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debut Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debut projects (*.debut)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Debut projects (*.debut);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Project As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Debut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Debut %1&lt;/b&gt;&lt;p&gt;Few-shot recommendations for new items: label a handful, fine-tune a text encoder, rank, explain and export.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed — see Messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running. Cancel it and quit when it has stopped?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ProjectDocument</name>
    <message numerus="yes">
        <source>%n run(s) stopped when the program running them ended; they are marked interrupted and resume from their last checkpoint (debut train --resume).</source>
        <translation>
            <numerusform>%n run stopped when the program running it ended; it is marked interrupted and resumes from its last checkpoint (debut train --resume).</numerusform>
            <numerusform>%n runs stopped when the program running them ended; they are marked interrupted and resume from their last checkpoint (debut train --resume).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CUDA (%n device(s))</source>
        <translation>
            <numerusform>CUDA (%n device)</numerusform>
            <numerusform>CUDA (%n devices)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU (%n thread)</numerusform>
            <numerusform>CPU (%n threads)</numerusform>
        </translation>
    </message>
    <message>
        <source>A job is running; wait for it or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replace %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is already running (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::RecommendationModel</name>
    <message>
        <source>Predicted rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibrated probability: about %1% of items scored like this are positives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 = the model is sure, 1 = it cannot tell the classes apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::RecommendationsPage</name>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>Exported %n row to %1.</numerusform>
            <numerusform>Exported %n rows to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>word occlusion (fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integrated gradients (precise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank every item for every segment with the task&apos;s active run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by title or ID…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trained run for this task yet: train one on the Training page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ranked by %1 (%2 predictions).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not scored the catalogue yet: press “Score Catalogue”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a task and label a few items first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the running job to finish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explaining %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explaining “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the ranked list…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::ReportTable</name>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero-shot F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero-shot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro avg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weighted avg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B − A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC-AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PR-AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::RunsModel</name>
    <message>
        <source>macro-F1 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAE %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, AUC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::RunsPage</name>
    <message numerus="yes">
        <source>Delete %n run(s) with their metrics, predictions and models?</source>
        <translation>
            <numerusform>Delete %n run with their metrics, predictions and models?</numerusform>
            <numerusform>Delete %n runs with their metrics, predictions and models?</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use for Recommendations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank and explain this task&apos;s items with this run&apos;s model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one run to see its curves and report; select two (Ctrl+click) to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some texts (for example open dialogs) change after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::TrainingPage</name>
    <message>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA adapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrastive (SetFit-style) + head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thorough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The labels to learn from. Each task is trained separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pretrained text encoder to start from: USE-Lite (bundled), a Hugging Face BERT-family folder, or an encoder from an earlier run on this catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick: a first look in seconds. Balanced: good defaults. Thorough: more epochs and an ensemble, slower.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum passes over the labelled items; early stopping may end sooner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items per optimisation step. Smaller batches use less memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step size of the optimiser (AdamW). 0 uses the mode&apos;s default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patience:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs without improvement on the dev data before training stops early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k mode: how many of the last encoder layers are trained.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA mode: rank of the adapters; higher learns more but needs more labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same result on CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where training runs. Automatic uses a CUDA GPU when one is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Augment texts (word dropout and swaps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Makes noisy copies of the few labelled texts so the model does not memorise them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USE-Lite (bundled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From scratch (trained on this catalogue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: run %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. The run is kept as cancelled and can be resumed from its checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 of at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro-F1 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zero-shot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAE %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECE %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 examples/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 trainable parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dev = cross-validation folds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best epoch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (picked by cross-validation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic tries the encoder, the catalogue&apos;s own words and both together, shared or per segment, and keeps what cross-validation on your labels prefers. The other modes tune the encoder: only a small head on frozen embeddings, the last layers, everything, low-rank LoRA adapters, or a contrastive stage first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encoder %1 does not cover this catalogue&apos;s language: %2% of its word pieces are unknown. It was left out, and the model learns from the catalogue&apos;s own words. For a better model, choose a Hugging Face BERT-family folder that covers the language (for Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head only (fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC-AUC and PR-AUC of every epoch, and the zero-shot baseline&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n label(s))</source>
        <translation>
            <numerusform>%1 (%n label)</numerusform>
            <numerusform>%1 (%n labels)</numerusform>
        </translation>
    </message>
    <message>
        <source>labels without a segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more segment(s)</source>
        <translation>
            <numerusform>%n more segment</numerusform>
            <numerusform>%n more segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s) without labels enough of their own (two of each of two classes) are scored by the part all segments share.</source>
        <translation>
            <numerusform>%n segment without labels enough of its own (two of each of two classes) is scored by the part all segments share.</numerusform>
            <numerusform>%n segments without labels enough of their own (two of each of two classes) are scored by the part all segments share.</numerusform>
        </translation>
    </message>
    <message>
        <source>Positive labels only (%1): %2 unlabelled catalogue items were drawn as negatives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Each segment also counts the other segments&apos; positives among its negatives (%n).</source>
        <translation>
            <numerusform>Each segment also counts the other segments&apos; positives among its negatives (%n).</numerusform>
            <numerusform>Each segment also counts the other segments&apos; positives among its negatives (%n).</numerusform>
        </translation>
    </message>
    <message>
        <source>The lists rank items by how much they resemble the labelled ones, and the scores are not purchase rates. The report measures the labelled items against the drawn ones, some of which customers would buy: its AUC sits nearer 0.5 than the lists&apos; true one, though the better model still scores higher. Label a few items shown but not bought as negative to sharpen them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUC per segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro-F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−MSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each segment&apos;s negatives include the other segments&apos; positives, which a candidate shared by all segments learns as positives in the other folds: such candidates score low here, often below 0.5, and the per-segment ones are what this log can choose between.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-validated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run scored below the zero-shot baseline or below chance on its dev set (macro-F1 %1, zero-shot %2, AUC %3). A dev set of a few labels is noisy, and tuning can overfit so few: Automatic mode compares its candidates by cross-validation on every label and keeps the zero-shot prototype when nothing beats it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run was trained before the tuning modes had a head per segment: a segment only shifts its scores by a constant, so every segment&apos;s list has the same order. Train again for a list per segment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encoder %1 does not cover this catalogue&apos;s language: %2% of its word pieces are unknown. This mode learns from the encoder alone, so its scores are close to noise. Automatic mode leaves such an encoder out and learns from the catalogue&apos;s own words; for a better model, choose a Hugging Face BERT-family folder that covers the language (for Chinese, e.g. bert-base-chinese) as the encoder, or pretrain on the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>debut::WarningsModel</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
