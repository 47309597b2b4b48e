#include "exportdialog.h"

#include "projectdocument.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

namespace debut {

ExportDialog::ExportDialog(ProjectDocument *doc, std::int64_t runId, QWidget *parent)
    : QDialog(parent), m_doc(doc), m_runId(runId), m_file(new QLineEdit), m_topN(new QSpinBox),
      m_segments(new QListWidget), m_probs(new QCheckBox), m_reasons(new QCheckBox)
{
    setWindowTitle(tr("Export Recommendations"));
    setObjectName(QStringLiteral("ExportDialog"));
    m_topN->setRange(0, 10000000);
    m_topN->setValue(100);
    m_topN->setSpecialValueText(tr("all"));
    m_probs->setText(tr("One probability column per class (multi-class tasks)"));
    m_probs->setChecked(true);
    m_reasons->setText(tr("Include reasons (from stored explanations)"));
    m_segments->setMaximumHeight(120);
    try {
        std::set<std::int64_t> ids;
        for (const PredictionRow &p : doc->runs().predictions(runId))
            ids.insert(p.segmentId);
        for (const SegmentInfo &s : doc->store().segments()) {
            if (!ids.count(s.id))
                continue;
            auto *item = new QListWidgetItem(s.name.empty() ? tr("All customers") : QString::fromStdString(s.name));
            item->setData(Qt::UserRole, qint64(s.id));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            m_segments->addItem(item);
        }
    } catch (const std::exception &e) {
        Q_EMIT doc->warning(2, QString::fromStdString(e.what()));
    }
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, windowTitle(), m_file->text(), tr("CSV files (*.csv)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Top N per segment:"), m_topN);
    form->addRow(tr("Segments:"), m_segments);
    form->addRow(tr("Columns:"), m_probs);
    form->addRow(QString(), m_reasons);
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

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.projectPath = m_doc->path();
    r.runId = m_runId;
    r.file = m_file->text().trimmed();
    r.topN = m_topN->value();
    for (int i = 0; i < m_segments->count(); ++i)
        if (m_segments->item(i)->checkState() == Qt::Checked)
            r.segmentIds << m_segments->item(i)->data(Qt::UserRole).toLongLong();
    r.classProbs = m_probs->isChecked();
    r.reasons = m_reasons->isChecked();
    return r;
}

void ExportDialog::accept()
{
    if (m_file->text().trimmed().isEmpty()) {
        QMessageBox::information(this, windowTitle(), tr("Choose a file to write."));
        return;
    }
    bool any = false;
    for (int i = 0; i < m_segments->count(); ++i)
        any = any || m_segments->item(i)->checkState() == Qt::Checked;
    if (!any && m_segments->count() > 0) {
        QMessageBox::information(this, windowTitle(), tr("Choose at least one segment."));
        return;
    }
    QDialog::accept();
}

} // namespace debut
