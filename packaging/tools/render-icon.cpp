// trainyard-render-icon SVG SIZE OUTPUT.png: renders the scalable application icon as a SIZE x SIZE PNG at
// build time, for the hicolor sizes a desktop looks up before it falls back to the SVG (panels, alt-tab,
// software centres that read PNGs only). Exit 2 for bad arguments, 1 when the SVG or the PNG fails.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char** argv)
{
    // No display is needed or wanted at build time.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    bool sizeOk = false;
    const int size = arguments.value(2).toInt(&sizeOk);
    if (arguments.size() != 4 || !sizeOk || size < 1 || size > 4096) {
        std::fprintf(stderr, "usage: trainyard-render-icon SVG SIZE OUTPUT.png (SIZE 1..4096)\n");
        return 2;
    }
    QSvgRenderer renderer(arguments.at(1));
    if (!renderer.isValid()) {
        std::fprintf(stderr, "trainyard-render-icon: %s is not a readable SVG\n", qPrintable(arguments.at(1)));
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    if (!image.save(arguments.at(3), "PNG")) {
        std::fprintf(stderr, "trainyard-render-icon: cannot write %s\n", qPrintable(arguments.at(3)));
        return 1;
    }
    return 0;
}
