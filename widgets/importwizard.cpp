#include "importwizard.h"

#include "importjob.h"
#include "projectdocument.h"

#include "io/columnmapping.h"
#include "io/tablereader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>
#include <QWizardPage>

namespace debut {

namespace {
constexpr int kPreviewRows = 50;

// A page whose completeness the wizard decides (the run page is complete once
// the import has finished).
class Page : public QWizardPage {
public:
    std::function<bool()> complete;
    bool isComplete() const override { return complete ? complete() : QWizardPage::isComplete(); }
    void changed() { Q_EMIT completeChanged(); }
};

QString csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')) &&
        !s.contains(QLatin1Char('\r')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}
}   // namespace

ImportWizard::ImportWizard(ProjectDocument *doc, Kind kind, QWidget *parent)
    : QWizard(parent), m_doc(doc), m_kind(kind), m_path(new QLineEdit), m_browse(new QPushButton),
      m_taskName(new QComboBox), m_taskKind(new QComboBox), m_duplicates(new QComboBox), m_pathLabel(new QLabel),
      m_taskLabel(new QLabel), m_kindLabel(new QLabel), m_dupLabel(new QLabel), m_encoding(new QComboBox),
      m_delim(new QComboBox), m_header(new QCheckBox), m_detected(new QLabel), m_encodingLabel(new QLabel),
      m_delimLabel(new QLabel), m_raw(new QPlainTextEdit), m_grid(new QTableWidget), m_mappingHint(new QLabel),
      m_progress(new QProgressBar), m_state(new QLabel), m_summary(new QLabel), m_rejected(new QTableWidget),
      m_saveRejected(new QPushButton)
{
    setObjectName(QStringLiteral("ImportWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    resize(900, 620);

    // 1 file
    auto *filePage = new Page;
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *fileForm = new QFormLayout(filePage);
    fileForm->addRow(m_pathLabel, fileRow);
    m_taskName->setEditable(true);
    m_taskKind->addItem(QString(), QString());
    m_taskKind->addItem(QStringLiteral("binary"), QStringLiteral("binary"));
    m_taskKind->addItem(QStringLiteral("multiclass"), QStringLiteral("multiclass"));
    m_taskKind->addItem(QStringLiteral("rating"), QStringLiteral("rating"));
    for (const char *p : {"update", "skip", "fail"})
        m_duplicates->addItem(QString(), QString::fromLatin1(p));
    if (kind == Labels) {
        fileForm->addRow(m_taskLabel, m_taskName);
        fileForm->addRow(m_kindLabel, m_taskKind);
        if (doc->isOpen()) {
            try {
                for (const TaskInfo &t : doc->store().tasks())
                    m_taskName->addItem(QString::fromStdString(t.name), QString::fromLatin1(taskKindName(t.kind)));
            } catch (const std::exception &) {
            }
        }
        connect(m_taskName, &QComboBox::currentIndexChanged, this, [this](int i) {
            const int k = m_taskKind->findData(m_taskName->itemData(i));
            if (k >= 0)
                m_taskKind->setCurrentIndex(k);
        });
        m_dupLabel->hide();
        m_duplicates->hide();
    } else {
        fileForm->addRow(m_dupLabel, m_duplicates);
        m_taskLabel->hide();
        m_taskName->hide();
        m_kindLabel->hide();
        m_taskKind->hide();
    }
    filePage->complete = [this] { return QFileInfo(m_path->text()).isFile(); };
    connect(m_path, &QLineEdit::textChanged, filePage, &Page::changed);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString f =
            QFileDialog::getOpenFileName(this, tr("Choose a File"), m_path->text(),
                                         tr("Tables (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)"));
        if (!f.isEmpty())
            m_path->setText(f);
    });
    setPage(FilePage, filePage);

    // 2 format
    auto *formatPage = new Page;
    m_encoding->addItem(QString(), QStringLiteral("auto"));
    m_encoding->addItem(QStringLiteral("UTF-8"), QStringLiteral("utf-8"));
    m_encoding->addItem(QStringLiteral("GB18030 / GBK"), QStringLiteral("gb18030"));
    m_delim->addItem(QString(), QString());
    m_delim->addItem(QStringLiteral(", (comma)"), QStringLiteral(","));
    m_delim->addItem(QStringLiteral("; (semicolon)"), QStringLiteral(";"));
    m_delim->addItem(QStringLiteral("Tab"), QStringLiteral("\t"));
    m_delim->addItem(QStringLiteral("| (pipe)"), QStringLiteral("|"));
    m_header->setChecked(true);
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detected->setWordWrap(true);
    auto *formatForm = new QFormLayout;
    formatForm->addRow(m_encodingLabel, m_encoding);
    formatForm->addRow(m_delimLabel, m_delim);
    formatForm->addRow(QString(), m_header);
    auto *formatLayout = new QVBoxLayout(formatPage);
    formatLayout->addLayout(formatForm);
    formatLayout->addWidget(m_detected);
    formatLayout->addWidget(m_raw, 1);
    for (QComboBox *c : {m_encoding, m_delim})
        connect(c, &QComboBox::currentIndexChanged, this, &ImportWizard::loadPreview);
    connect(m_header, &QCheckBox::toggled, this, &ImportWizard::loadPreview);
    setPage(FormatPage, formatPage);

    // 3 mapping
    auto *mappingPage = new Page;
    m_grid->setObjectName(QStringLiteral("mappingGrid"));
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 8);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setWordWrap(false);
    m_mappingHint->setWordWrap(true);
    auto *mappingLayout = new QVBoxLayout(mappingPage);
    mappingLayout->addWidget(m_mappingHint);
    mappingLayout->addWidget(m_grid, 1);
    setPage(MappingPage, mappingPage);

    // 4 run
    auto *runPage = new Page;
    runPage->setCommitPage(true);
    runPage->complete = [this] { return m_done; };
    connect(this, &ImportWizard::importFinished, runPage, &Page::changed);
    m_rejected->setObjectName(QStringLiteral("rejectedRows"));
    m_rejected->setColumnCount(4);
    m_rejected->horizontalHeader()->setStretchLastSection(true);
    m_rejected->verticalHeader()->hide();
    m_rejected->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary->setWordWrap(true);
    m_state->setWordWrap(true);
    m_saveRejected->setEnabled(false);
    connect(m_saveRejected, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(
            this, tr("Save Rejected Rows"), QFileInfo(file()).completeBaseName() + QStringLiteral("_rejected.csv"),
            tr("CSV files (*.csv)"));
        if (!f.isEmpty() && !saveRejected(f))
            QMessageBox::warning(this, tr("Save Rejected Rows"), tr("Cannot write %1.").arg(f));
    });
    auto *runLayout = new QVBoxLayout(runPage);
    runLayout->addWidget(m_state);
    runLayout->addWidget(m_progress);
    runLayout->addWidget(m_summary);
    runLayout->addWidget(m_rejected, 1);
    runLayout->addWidget(m_saveRejected, 0, Qt::AlignRight);
    setPage(RunPage, runPage);

    retranslate();
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::retranslate()
{
    setWindowTitle(m_kind == Items ? tr("Import Items") : tr("Import Labels"));
    page(FilePage)->setTitle(tr("File"));
    page(FilePage)->setSubTitle(m_kind == Items ? tr("A catalogue as CSV, TSV or JSON Lines.")
                                                : tr("Labels: item id, label, optional segment, weight and time."));
    page(FormatPage)->setTitle(tr("Encoding and delimiter"));
    page(FormatPage)->setSubTitle(tr("Detected from the file; change them if the preview looks wrong."));
    page(MappingPage)->setTitle(tr("Columns"));
    page(MappingPage)->setSubTitle(tr("Check which field each column fills."));
    page(RunPage)->setTitle(tr("Import"));
    page(RunPage)->setSubTitle(QString());
    m_pathLabel->setText(tr("File:"));
    m_browse->setText(tr("Browse…"));
    m_taskLabel->setText(tr("Task:"));
    m_kindLabel->setText(tr("Kind:"));
    m_taskKind->setItemText(0, tr("existing task's kind, or guessed from the values"));
    m_dupLabel->setText(tr("Existing item ids:"));
    m_duplicates->setItemText(0, tr("update the item"));
    m_duplicates->setItemText(1, tr("keep the existing item"));
    m_duplicates->setItemText(2, tr("stop the import"));
    m_encodingLabel->setText(tr("Encoding:"));
    m_delimLabel->setText(tr("Delimiter:"));
    m_encoding->setItemText(0, tr("Detect"));
    m_delim->setItemText(0, tr("Detect"));
    m_header->setText(tr("The first row holds column names"));
    m_mappingHint->setText(tr("Each column's field was guessed from its name. Unmapped catalogue columns are "
                              "kept as extra fields; choose “ignore” to drop one."));
    m_rejected->setHorizontalHeaderLabels({tr("Line"), tr("Column"), tr("Field"), tr("Reason")});
    m_saveRejected->setText(tr("Save Rejected Rows as CSV…"));
}

void ImportWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void ImportWizard::setFile(const QString &path) { m_path->setText(path); }
QString ImportWizard::file() const { return m_path->text(); }

void ImportWizard::setTask(const QString &name, const QString &kind)
{
    m_taskName->setEditText(name);
    m_taskName->setCurrentText(name);
    const int k = m_taskKind->findData(kind);
    if (k >= 0)
        m_taskKind->setCurrentIndex(k);
}

QString ImportWizard::encodingName() const { return m_encoding->currentData().toString(); }

QChar ImportWizard::delimiter() const
{
    const QString d = m_delim->currentData().toString();
    return d.isEmpty() ? QChar() : d.at(0);
}

QStringList ImportWizard::mapping() const
{
    QStringList out;
    for (int c = 0; c < m_grid->columnCount(); ++c) {
        auto *box = qobject_cast<QComboBox *>(m_grid->cellWidget(0, c));
        out << (box ? box->currentData().toString() : QString());
    }
    return out;
}

void ImportWizard::setMapping(int column, const QString &field)
{
    if (auto *box = qobject_cast<QComboBox *>(m_grid->cellWidget(0, column)))
        box->setCurrentIndex(qMax(0, box->findData(field)));
}

void ImportWizard::initializePage(int id)
{
    if (id == FormatPage || id == MappingPage)
        loadPreview();
    if (id == RunPage)
        startImport();
    QWizard::initializePage(id);
}

bool ImportWizard::validateCurrentPage()
{
    if (currentId() == FilePage && m_kind == Labels && m_taskName->currentText().trimmed().isEmpty()) {
        QMessageBox::information(this, windowTitle(), tr("Name the task these labels belong to."));
        return false;
    }
    if (currentId() == MappingPage) {
        const QStringList fields = mapping();
        const auto target = m_kind == Items ? MappingTarget::Items : MappingTarget::Labels;
        QStringList missing;
        for (const std::string &f : ColumnMapping::requiredFields(target))
            if (!fields.contains(QString::fromStdString(f)))
                missing << QString::fromStdString(f);
        if (!missing.isEmpty()) {
            QMessageBox::information(this, windowTitle(),
                                     tr("Choose a column for: %1.").arg(missing.join(QStringLiteral(", "))));
            return false;
        }
    }
    return QWizard::validateCurrentPage();
}

void ImportWizard::loadPreview()
{
    TableOptions opt;
    parseTextEncoding(encodingName().toStdString(), opt.encoding);
    const QChar d = delimiter();
    opt.delimiter = d.isNull() ? 0 : char(d.toLatin1());
    opt.header = m_header->isChecked() ? HeaderMode::Present : HeaderMode::Absent;
    const QString key =
        QStringLiteral("%1|%2|%3|%4").arg(file(), encodingName(), QString(d)).arg(m_header->isChecked());
    if (key == m_previewKey)
        return;
    m_previewKey = key;
    m_grid->clear();
    m_columns.clear();
    m_raw->clear();
    std::vector<std::vector<std::string>> rows;
    try {
        TableReader reader(file().toStdString(), opt);
        TableRow row;
        while (int(rows.size()) < kPreviewRows && reader.next(row))
            rows.push_back(row.values);
        for (const std::string &c : reader.columns())
            m_columns << QString::fromStdString(c);
        QString fmt = QString::fromLatin1(tableFormatName(reader.format()));
        QString delimText = reader.delimiter() == '\t' ? tr("tab")
                            : reader.delimiter()       ? QStringLiteral("“%1”").arg(QLatin1Char(reader.delimiter()))
                                                       : tr("none");
        m_detected->setText(tr("Format %1, encoding %2, delimiter %3, %4.")
                                .arg(fmt.toUpper(), QString::fromLatin1(textEncodingName(reader.encoding())), delimText,
                                     reader.hasHeader() ? tr("with a header row") : tr("no header row")));
        // the decoded first lines, as the reader sees them
        TextSource src(file().toStdString(), reader.encoding());
        QStringList lines = QString::fromStdString(src.head().substr(0, 64 * 1024)).split(QLatin1Char('\n'));
        m_raw->setPlainText(lines.mid(0, 30).join(QLatin1Char('\n')));
    } catch (const std::exception &e) {
        m_detected->setText(tr("Cannot read the file: %1").arg(QString::fromStdString(e.what())));
        m_previewKey.clear();
        return;
    }

    // guessed mapping: the core's resolution (with its fallbacks) when it succeeds
    const auto target = m_kind == Items ? MappingTarget::Items : MappingTarget::Labels;
    std::vector<std::string> cols;
    for (const QString &c : m_columns)
        cols.push_back(c.toStdString());
    QStringList guessed;
    try {
        ColumnMapping mapping(target);
        mapping.resolve(cols, file().toStdString());
        for (std::size_t i = 0; i < cols.size(); ++i)
            guessed << QString::fromStdString(mapping.fieldOf(i, cols));
    } catch (const std::exception &) {
        guessed.clear();
        for (const std::string &c : cols) {
            const std::string f = ColumnMapping::guessField(target, c);
            guessed << QString::fromStdString(f.empty() ? (target == MappingTarget::Items ? "extra" : "ignore") : f);
        }
    }

    m_grid->setColumnCount(int(cols.size()));
    m_grid->setRowCount(int(rows.size()) + 1);
    m_grid->setHorizontalHeaderLabels(m_columns);
    QStringList vheader{tr("Field")};
    for (int r = 0; r < int(rows.size()); ++r)
        vheader << QString::number(r + 1);
    m_grid->setVerticalHeaderLabels(vheader);
    QStringList choices;
    for (const std::string &f : ColumnMapping::fields(target))
        choices << QString::fromStdString(f);
    if (target == MappingTarget::Items && !choices.contains(QStringLiteral("extra")))
        choices << QStringLiteral("extra");
    if (!choices.contains(QStringLiteral("ignore")))
        choices << QStringLiteral("ignore");
    for (int c = 0; c < int(cols.size()); ++c) {
        auto *box = new QComboBox;
        for (const QString &f : choices)
            box->addItem(f, f);
        box->setCurrentIndex(qMax(0, box->findData(guessed.value(c))));
        m_grid->setCellWidget(0, c, box);
        for (int r = 0; r < int(rows.size()); ++r) {
            const QString v = c < int(rows[r].size()) ? QString::fromStdString(rows[r][c]) : QString();
            auto *item = new QTableWidgetItem(v.left(200));
            item->setToolTip(v.left(2000));
            m_grid->setItem(r + 1, c, item);
        }
    }
    m_grid->resizeColumnsToContents();
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnWidth(c, qBound(110, m_grid->columnWidth(c), 320));
}

void ImportWizard::startImport()
{
    if (m_started)
        return;
    m_started = true;
    ImportRequest req;
    req.projectPath = m_doc->path();
    req.file = file();
    req.labels = m_kind == Labels;
    req.encoding = encodingName();
    req.delimiter = delimiter();
    req.header = m_header->isChecked();
    req.duplicates = m_duplicates->currentData().toString();
    req.task = m_taskName->currentText().trimmed();
    req.taskKind = m_taskKind->currentData().toString();
    const QStringList fields = mapping();
    for (int c = 0; c < fields.size(); ++c)
        req.mapping << fields[c];
    m_outcome = std::make_shared<ImportOutcome>();
    m_state->setText(tr("Importing %1…").arg(QFileInfo(file()).fileName()));
    m_progress->setRange(0, 0);
    JobRunner *job =
        m_doc->startJob(m_kind == Items ? tr("Import items") : tr("Import labels"), importJob(req, m_outcome),
                        m_kind == Items ? ProjectDocument::ItemsChanged
                                        : ProjectDocument::LabelsChanged | ProjectDocument::TasksChanged);
    if (!job) {
        onFinished(int(StatusCode::UserError), m_doc->errorString());
        return;
    }
    connect(job, &JobRunner::progress, this, [this](const QString &, qint64 done, qint64 total, const QString &) {
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(done * 1000 / qMax<qint64>(1, total)));
        }
    });
    connect(job, &JobRunner::finished, this, &ImportWizard::onFinished);
}

void ImportWizard::onFinished(int status, const QString &message)
{
    m_done = true;
    m_status = status;
    m_progress->setRange(0, 1000);
    m_progress->setValue(status == 0 ? 1000 : m_progress->value());
    const ImportOutcome &o = *m_outcome;
    if (status == int(StatusCode::Ok))
        m_state->setText(tr("Import finished."));
    else if (status == int(StatusCode::Cancelled))
        m_state->setText(tr("Import cancelled: the project is unchanged."));
    else
        m_state->setText(tr("Import failed: the project is unchanged.\n%1").arg(message));
    m_summary->setText(
        tr("Rows read: %1 · imported: %2 · rejected: %3").arg(o.read).arg(o.imported + o.updated).arg(o.rejectedTotal) +
        (o.detail.isEmpty() ? QString() : QStringLiteral("\n") + o.detail));
    m_rejected->setRowCount(int(o.rejected.size()));
    for (int r = 0; r < o.rejected.size(); ++r) {
        const ImportOutcome::Rejected &rej = o.rejected[r];
        m_rejected->setItem(r, 0, new QTableWidgetItem(QString::number(rej.line)));
        m_rejected->setItem(r, 1, new QTableWidgetItem(rej.column > 0 ? QString::number(rej.column) : QString()));
        m_rejected->setItem(r, 2, new QTableWidgetItem(rej.field));
        m_rejected->setItem(r, 3, new QTableWidgetItem(rej.reason));
    }
    m_rejected->resizeColumnsToContents();
    m_rejected->horizontalHeader()->setStretchLastSection(true);
    m_saveRejected->setEnabled(!o.rejected.isEmpty());
    Q_EMIT importFinished(status);
}

qint64 ImportWizard::importedCount() const { return m_outcome ? m_outcome->imported : 0; }
qint64 ImportWizard::rejectedCount() const { return m_outcome ? m_outcome->rejectedTotal : 0; }

bool ImportWizard::saveRejected(const QString &path) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&f);
    out.setEncoding(QStringConverter::Utf8);
    out << "file,line,column,field,reason\n";
    if (m_outcome)
        for (const ImportOutcome::Rejected &r : m_outcome->rejected)
            out << csvField(file()) << ',' << r.line << ',' << r.column << ',' << csvField(r.field) << ','
                << csvField(r.reason) << '\n';
    out.flush();
    return f.commit();
}

void ImportWizard::reject()
{
    if (m_started && !m_done) {   // the import runs: cancel it, close when it has rolled back
        m_doc->cancelJob();
        connect(this, &ImportWizard::importFinished, this, [this] { QWizard::reject(); });
        return;
    }
    QWizard::reject();
}

}   // namespace debut
