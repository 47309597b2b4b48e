#include "exportdialog.h"

#include "jobrunner.h"
#include "projectdocument.h"

#include "common/error.h"
#include "store/outputguard.h"
#include "store/runstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>
#include <vector>

namespace debut {

ExportDialog::ExportDialog(ProjectDocument *doc, const QString &task, std::int64_t runId, QWidget *parent)
    : QDialog(parent), m_doc(doc), m_task(task), m_runId(runId), m_file(new QLineEdit), m_topN(new QSpinBox),
      m_segment(new QComboBox), m_reasons(new QCheckBox)
{
    setWindowTitle(tr("Export Recommendations"));
    setObjectName(QStringLiteral("ExportDialog"));
    m_topN->setRange(0, 10000000);
    m_topN->setValue(100);
    m_topN->setSpecialValueText(tr("all"));
    m_reasons->setText(tr("Include reasons (from stored explanations)"));
    m_segment->addItem(tr("All segments"), QVariant());
    m_segment->addItem(tr("Loading segments…"), QVariant());
    m_segment->setItemData(1, false, Qt::UserRole - 1);   // not selectable while loading
    // Segments with predictions of the run: read on a worker (a large catalogue has
    // millions of prediction rows), with its own read-only connection.
    struct Loaded {
        std::vector<SegmentInfo> segments;
    };
    auto out = std::make_shared<Loaded>();
    JobRunner *job = JobRunner::start(
        QStringLiteral("export segments"), [path = doc->path().toStdString(), runId, out](JobContext &) -> Status {
            ProjectStore store = ProjectStore::open(path, true);
            const std::vector<std::int64_t> ids = RunStore(store.db()).predictionSegments(runId);
            for (const SegmentInfo &s : store.segments())
                if (std::binary_search(ids.begin(), ids.end(), s.id))
                    out->segments.push_back(s);
            return {};
        });
    connect(job, &JobRunner::finished, this, [this, out](int status, const QString &message) {
        m_segment->removeItem(1);
        if (status == 0) {
            for (const SegmentInfo &s : out->segments)
                m_segment->addItem(s.name.empty() ? tr("All customers") : QString::fromStdString(s.name),
                                   QString::fromStdString(s.name));
        } else if (status != 3) {
            Q_EMIT m_doc->warning(2, message);
        }
        m_segmentsLoaded = true;
        Q_EMIT segmentsReady();
    });
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, windowTitle(), m_file->text(), tr("CSV files (*.csv)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *columns = new QVBoxLayout;
    auto *fixed = new QLabel(tr("rank, item_id, then the ticked columns in this order:"));
    fixed->setWordWrap(true);
    columns->addWidget(fixed);
    for (const QString &name : {QStringLiteral("title"), QStringLiteral("segment"), QStringLiteral("predicted_label"),
                                QStringLiteral("score"), QStringLiteral("p_")}) {
        auto *box =
            new QCheckBox(name == QLatin1String("p_") ? tr("p_<class> (one per class, multi-class tasks)") : name);
        box->setChecked(true);
        box->setObjectName(QStringLiteral("exportColumn_") + name);
        m_columns.insert(name, box);
        columns->addWidget(box);
    }
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Top N per segment:"), m_topN);
    form->addRow(tr("Segments:"), m_segment);
    columns->addWidget(m_reasons);
    form->addRow(tr("Columns:"), columns);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_file->setText(QFileInfo(doc->path()).absoluteDir().filePath(QStringLiteral("recommendations.csv")));
}

void ExportDialog::setFile(const QString &path) { m_file->setText(path); }
void ExportDialog::setTopN(int n) { m_topN->setValue(n); }
void ExportDialog::setReasons(bool on) { m_reasons->setChecked(on); }

QCheckBox *ExportDialog::columnBox(const QString &name) const
{
    return name == QLatin1String("reasons") ? m_reasons : m_columns.value(name, nullptr);
}

ExportSpec ExportDialog::request() const
{
    ExportSpec r;
    r.projectPath = m_doc->path();
    r.task = m_task;
    r.runId = m_runId;
    r.file = m_file->text().trimmed();
    r.topN = m_topN->value();
    r.allSegments = !m_segment->currentData().isValid();
    r.segment = m_segment->currentData().toString();
    r.reasons = m_reasons->isChecked();
    r.classProbs = m_columns.value(QStringLiteral("p_"))->isChecked();
    for (auto it = m_columns.cbegin(); it != m_columns.cend(); ++it)
        if (it.key() != QLatin1String("p_") && !it.value()->isChecked())
            r.omitColumns << it.key();
    return r;
}

QString ExportDialog::fileProblem() const
{
    try {
        OutputGuard::check(m_file->text().trimmed().toStdString(), m_doc->path().toStdString());
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void ExportDialog::accept()
{
    if (m_file->text().trimmed().isEmpty()) {
        QMessageBox::information(this, windowTitle(), tr("Choose a file to write."));
        return;
    }
    const QString problem = fileProblem();
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), problem);
        return;
    }
    QDialog::accept();
}

}   // namespace debut
