<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>ArtifactCopyJob</name>
    <message>
        <source>canceled</source>
        <translation>iptal edildi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Kopyalanıyor</translation>
    </message>
    <message>
        <source>Copy progress</source>
        <translation>Kopyalama ilerlemesi</translation>
    </message>
    <message>
        <source>cannot write into %1</source>
        <translation>%1 içine yazılamıyor</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>%1 değiştirilemiyor</translation>
    </message>
</context>
<context>
    <name>ArtifactPreview</name>
    <message>
        <source>Preview</source>
        <translation>Önizleme</translation>
    </message>
    <message>
        <source>Previewed file</source>
        <translation>Önizlenen dosya</translation>
    </message>
    <message>
        <source>Show as Text</source>
        <translation>Metin Olarak Göster</translation>
    </message>
    <message>
        <source>File text</source>
        <translation>Dosya metni</translation>
    </message>
    <message>
        <source>JSON tree</source>
        <translation>JSON ağacı</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tablo</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>Fark</translation>
    </message>
    <message>
        <source>Select a file to preview it.</source>
        <translation>Önizlemek için bir dosya seçin.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 yükleniyor…</translation>
    </message>
    <message>
        <source>The file is not on this machine.</source>
        <translation>Dosya bu makinede değil.</translation>
    </message>
    <message>
        <source>%1 does not exist (any more).</source>
        <translation>%1 (artık) yok.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 okunamıyor: %2</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at byte %2)</source>
        <translation>geçerli JSON değil (%2. baytta %1)</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 bir klasör.</translation>
    </message>
    <message>
        <source>Cannot preview %1: %2</source>
        <translation>%1 önizlenemiyor: %2</translation>
    </message>
    <message>
        <source>too big for the JSON tree</source>
        <translation>JSON ağacı için çok büyük</translation>
    </message>
    <message>
        <source>%1 is %2, more than the JSON tree shows (%3). Its text can be shown instead.</source>
        <translation>%1 %2 boyutunda; JSON ağacının gösterdiğinden (%3) büyük. Bunun yerine metni gösterilebilir.</translation>
    </message>
    <message>
        <source>%1, shown as text</source>
        <translation>%1, metin olarak gösteriliyor</translation>
    </message>
    <message numerus="yes">
        <source>array of %n item(s)</source>
        <translation>
            <numerusform>%n öğeli dizi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>object of %n key(s)</source>
        <translation>
            <numerusform>%n anahtarlı nesne</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>its first %1 shown</source>
        <translation>ilk %1 gösteriliyor</translation>
    </message>
    <message>
        <source>No preview for this file type (%1).</source>
        <translation>Bu dosya türü için önizleme yok (%1).</translation>
    </message>
</context>
<context>
    <name>ArtifactsBrowser</name>
    <message>
        <source>cannot write the snapshot copy %1</source>
        <translation>anlık görüntü kopyası %1 yazılamıyor</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Yapıtlar</translation>
    </message>
    <message>
        <source>Run files</source>
        <translation>Çalıştırma dosyaları</translation>
    </message>
    <message>
        <source>Artifacts status</source>
        <translation>Yapıtların durumu</translation>
    </message>
    <message>
        <source>Select a file to preview it.</source>
        <translation>Önizlemek için bir dosya seçin.</translation>
    </message>
    <message>
        <source>Run %1 is not in this workspace.</source>
        <translation>%1 çalıştırması bu çalışma alanında yok.</translation>
    </message>
    <message>
        <source>The code snapshot cannot be read: %1</source>
        <translation>Kod anlık görüntüsü okunamıyor: %1</translation>
    </message>
    <message>
        <source>Download %1 to</source>
        <translation>%1 için indirme konumu</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Değiştirilsin mi?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with %2 of run %3?</source>
        <translation>%1 zaten var. %3 çalıştırmasının %2 dosyasıyla değiştirilsin mi?</translation>
    </message>
    <message>
        <source>Not downloaded: %1 already exists.</source>
        <translation>İndirilmedi: %1 zaten var.</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 indiriliyor…</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>%1, %2 konumuna indirildi</translation>
    </message>
    <message>
        <source>Download of %1 failed: %2</source>
        <translation>%1 indirilemedi: %2</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>İndirme başarısız</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Aç</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder to open the file from.</source>
        <translation>Dosyayı açmak için geçici klasör oluşturulamıyor.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 açılamıyor: %2</translation>
    </message>
    <message>
        <source>Opened a copy of %1</source>
        <translation>%1 dosyasının bir kopyası açıldı</translation>
    </message>
    <message>
        <source>No application opened %1; a copy is at %2</source>
        <translation>%1 hiçbir uygulamayla açılmadı; bir kopyası şurada: %2</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>Kopyalandı: %1</translation>
    </message>
    <message>
        <source>Register as Model</source>
        <translation>Model Olarak Kaydet</translation>
    </message>
    <message>
        <source>Only files and folders under outputs/ of a finished run can be registered.</source>
        <translation>Yalnızca bitmiş bir çalıştırmanın outputs/ altındaki dosya ve klasörleri kaydedilebilir.</translation>
    </message>
    <message>
        <source>Registration failed: %1</source>
        <translation>Kayıt başarısız: %1</translation>
    </message>
    <message>
        <source>Cannot register %1: %2</source>
        <translation>%1 kaydedilemiyor: %2</translation>
    </message>
    <message>
        <source>Registered %1 version %2</source>
        <translation>%1 sürüm %2 kaydedildi</translation>
    </message>
    <message>
        <source>Model registered</source>
        <translation>Model kaydedildi</translation>
    </message>
    <message>
        <source>Registering %1 as %2…</source>
        <translation>%1, %2 olarak kaydediliyor…</translation>
    </message>
    <message>
        <source>Artifact actions</source>
        <translation>Yapıt eylemleri</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;İndir…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Aç</translation>
    </message>
    <message>
        <source>Copy &amp;Path</source>
        <translation>&amp;Yolu Kopyala</translation>
    </message>
    <message>
        <source>&amp;Register as Model…</source>
        <translation>Model Olarak &amp;Kaydet…</translation>
    </message>
    <message>
        <source>Models can be registered once the run has finished.</source>
        <translation>Modeller, çalıştırma bittikten sonra kaydedilebilir.</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 bir klasör.</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the snapshot.</source>
        <translation>Anlık görüntü için geçici klasör oluşturulamıyor.</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>Compare runs</source>
        <translation>Çalıştırmaları karşılaştır</translation>
    </message>
    <message>
        <source>Comparing</source>
        <translation>Karşılaştırılıyor</translation>
    </message>
    <message>
        <source>Compare views</source>
        <translation>Karşılaştırma görünümleri</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tablo</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Parallel coordinates of the compared runs</source>
        <translation>Karşılaştırılan çalıştırmaların paralel koordinatları</translation>
    </message>
    <message>
        <source>Scatter of the compared runs</source>
        <translation>Karşılaştırılan çalıştırmaların saçılım grafiği</translation>
    </message>
    <message>
        <source>Parallel Coordinates</source>
        <translation>Paralel Koordinatlar</translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation>Saçılım</translation>
    </message>
    <message>
        <source>No comparison open. Select two or more runs and press Compare (%1).</source>
        <translation>Açık karşılaştırma yok. İki veya daha fazla çalıştırma seçip Karşılaştır’a (%1) basın.</translation>
    </message>
    <message>
        <source>Differences only</source>
        <translation>Yalnızca farklar</translation>
    </message>
    <message>
        <source>Hide the rows where every run has the same value</source>
        <translation>Tüm çalıştırmalarda aynı değere sahip satırları gizle</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Karşılaştırma</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
    <message>
        <source>Compare the code of</source>
        <translation>Kodu karşılaştırılacak çalıştırma</translation>
    </message>
    <message>
        <source>with the code of</source>
        <translation>Karşılaştırıldığı çalıştırma</translation>
    </message>
    <message>
        <source>Code of</source>
        <translation>Kod:</translation>
    </message>
    <message>
        <source>against</source>
        <translation>karşısında:</translation>
    </message>
    <message>
        <source>Changed files</source>
        <translation>Değişen dosyalar</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Değişiklik</translation>
    </message>
    <message>
        <source>File diff</source>
        <translation>Dosya farkı</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n run(s)…</source>
        <translation>
            <numerusform>%n çalıştırma karşılaştırılıyor…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Karşılaştırılamıyor: %1</translation>
    </message>
    <message>
        <source>Axes…</source>
        <translation>Eksenler…</translation>
    </message>
    <message>
        <source>Choose the columns drawn as axes</source>
        <translation>Eksen olarak çizilecek sütunları seçin</translation>
    </message>
    <message>
        <source>Reading the snapshots…</source>
        <translation>Anlık görüntüler okunuyor…</translation>
    </message>
    <message>
        <source>Cannot compare the code: %1</source>
        <translation>Kod karşılaştırılamıyor: %1</translation>
    </message>
    <message>
        <source>The two runs ran the same code.</source>
        <translation>İki çalıştırma aynı kodu çalıştırdı.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed.</source>
        <translation>
            <numerusform>%n dosya değişti.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show the diff: %1</source>
        <translation>Fark gösterilemiyor: %1</translation>
    </message>
    <message>
        <source>%1 is a binary file: its contents differ.</source>
        <translation>%1 ikili bir dosya: içerikleri farklı.</translation>
    </message>
    <message>
        <source>%1 is too large to show its diff (over %2 MiB).</source>
        <translation>%1 farkını göstermek için çok büyük (%2 MiB üzeri).</translation>
    </message>
    <message>
        <source>(Too many changes to match line by line: the changed part is shown removed and added whole.)
</source>
        <translation>(Satır satır eşleştirmek için çok fazla değişiklik var: değişen kısım bütün olarak silinmiş ve eklenmiş gösteriliyor.)
</translation>
    </message>
</context>
<context>
    <name>ComparisonTableModel</name>
    <message>
        <source>not recorded for this run</source>
        <translation>bu çalıştırma için kaydedilmedi</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştırma</translation>
    </message>
</context>
<context>
    <name>CsvPreviewModel</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 okunamıyor: %2</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 satır</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 satır</translation>
    </message>
    <message>
        <source>first %1 of %2 rows</source>
        <translation>%2 satırın ilk %1 satırı</translation>
    </message>
    <message>
        <source>first %1 rows</source>
        <translation>ilk %1 satır</translation>
    </message>
</context>
<context>
    <name>DatasetNameDialog</name>
    <message>
        <source>Register Dataset</source>
        <translation>Veri Kümesi Kaydet</translation>
    </message>
    <message>
        <source>Register dataset</source>
        <translation>Veri kümesi kaydet</translation>
    </message>
    <message>
        <source>Dataset path</source>
        <translation>Veri kümesi yolu</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>Veri kümesi adı</translation>
    </message>
    <message>
        <source>Dataset description</source>
        <translation>Veri kümesi açıklaması</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Yol:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Ad:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>A&amp;çıklama:</translation>
    </message>
    <message>
        <source>Enter a dataset name.</source>
        <translation>Bir veri kümesi adı girin.</translation>
    </message>
    <message>
        <source>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Ad, harf veya rakamla başlayan, 1-64 harf, rakam, &apos;.&apos;, &apos;_&apos; ya da &apos;-&apos; karakterinden oluşmalıdır.</translation>
    </message>
</context>
<context>
    <name>DatasetsModel</name>
    <message>
        <source>version %1</source>
        <translation>sürüm %1</translation>
    </message>
    <message numerus="yes">
        <source>%n version(s), newest %1</source>
        <translation>
            <numerusform>%n sürüm, en yenisi %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Use in script parameters as {dataset: %1}</source>
        <translation>Betik parametrelerinde {dataset: %1} olarak kullanın</translation>
    </message>
    <message>
        <source>Use in script parameters as {dataset: %1:%2}</source>
        <translation>Betik parametrelerinde {dataset: %1:%2} olarak kullanın</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Veri kümesi</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dosyalar</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Kayıt tarihi</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Yol</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Açıklama</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>Datasets</source>
        <translation>Veri kümeleri</translation>
    </message>
    <message>
        <source>Registered datasets</source>
        <translation>Kayıtlı veri kümeleri</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Yenile</translation>
    </message>
    <message>
        <source>Refresh datasets</source>
        <translation>Veri kümelerini yenile</translation>
    </message>
    <message>
        <source>Register &amp;Folder…</source>
        <translation>&amp;Klasör Kaydet…</translation>
    </message>
    <message>
        <source>Register a folder as a dataset</source>
        <translation>Bir klasörü veri kümesi olarak kaydet</translation>
    </message>
    <message>
        <source>Register F&amp;ile…</source>
        <translation>D&amp;osya Kaydet…</translation>
    </message>
    <message>
        <source>Register a file as a dataset</source>
        <translation>Bir dosyayı veri kümesi olarak kaydet</translation>
    </message>
    <message>
        <source>Drop a folder or file here to register it as a dataset.</source>
        <translation>Veri kümesi olarak kaydetmek için bir klasörü veya dosyayı buraya bırakın.</translation>
    </message>
    <message>
        <source>Drop hint</source>
        <translation>Bırakma ipucu</translation>
    </message>
    <message>
        <source>Datasets status</source>
        <translation>Veri kümelerinin durumu</translation>
    </message>
    <message>
        <source>Cannot register %1: %2</source>
        <translation>%1 kaydedilemiyor: %2</translation>
    </message>
    <message>
        <source>Register dataset</source>
        <translation>Veri kümesi kaydet</translation>
    </message>
    <message>
        <source>Registered dataset %1 version %2</source>
        <translation>Veri kümesi %1 sürüm %2 kaydedildi</translation>
    </message>
    <message>
        <source>Registering %1 (measuring its size)…</source>
        <translation>%1 kaydediliyor (boyutu ölçülüyor)…</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 yok.</translation>
    </message>
    <message>
        <source>Several items were dropped; registering the first, %1.</source>
        <translation>Birden çok öğe bırakıldı; yalnızca ilki kaydediliyor: %1.</translation>
    </message>
</context>
<context>
    <name>EnvironmentsModel</name>
    <message>
        <source>%1 in %2</source>
        <translation>%1, %2 içinde</translation>
    </message>
    <message>
        <source>%1 on %2, python %3 at %4</source>
        <translation>%1, %2 üzerinde; python %3, konum %4</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Hedef</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Özet</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Yönetici</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paketler</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Oluşturulma</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Son kullanım</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Çalıştırmalar</translation>
    </message>
</context>
<context>
    <name>EnvironmentsPage</name>
    <message>
        <source>Environments</source>
        <translation>Ortamlar</translation>
    </message>
    <message>
        <source>Built environments</source>
        <translation>Oluşturulmuş ortamlar</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Yenile</translation>
    </message>
    <message>
        <source>Refresh environments</source>
        <translation>Ortamları yenile</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>Ka&amp;ldır…</translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation>Ortamı kaldır</translation>
    </message>
    <message>
        <source>Delete the selected environment on its target; refused while a live run uses it</source>
        <translation>Seçili ortamı hedefinde sil; canlı bir çalıştırma kullanırken reddedilir</translation>
    </message>
    <message>
        <source>&amp;Prune…</source>
        <translation>&amp;Temizle…</translation>
    </message>
    <message>
        <source>Prune environments</source>
        <translation>Ortamları temizle</translation>
    </message>
    <message>
        <source>Remove the environments no run used for some days</source>
        <translation>Birkaç gündür hiçbir çalıştırmanın kullanmadığı ortamları kaldır</translation>
    </message>
    <message>
        <source>Registry &amp;logins…</source>
        <translation>Kayıt defteri &amp;oturumları…</translation>
    </message>
    <message>
        <source>Log in to private container registries that custom_docker_image pulls from</source>
        <translation>custom_docker_image’in çektiği özel kapsayıcı kayıt defterlerinde oturum açın</translation>
    </message>
    <message>
        <source>Environments status</source>
        <translation>Ortamların durumu</translation>
    </message>
    <message>
        <source>No environments yet. A run with pip_packages, conda_packages or an environment file builds one on its target.</source>
        <translation>Henüz ortam yok. pip_packages, conda_packages veya bir ortam dosyası olan bir çalıştırma, hedefinde bir ortam oluşturur.</translation>
    </message>
    <message>
        <source>No environments yet</source>
        <translation>Henüz ortam yok</translation>
    </message>
    <message>
        <source>environment %1 on %2</source>
        <translation>%2 üzerindeki %1 ortamı</translation>
    </message>
    <message>
        <source>Remove %1 (%2, %3)? It is deleted on the target; a later run that needs it builds it again.</source>
        <translation>%1 (%2, %3) kaldırılsın mı? Hedefte silinir; ona ihtiyaç duyan sonraki bir çalıştırma onu yeniden oluşturur.</translation>
    </message>
    <message>
        <source>Kept %1.</source>
        <translation>%1 korundu.</translation>
    </message>
    <message>
        <source>Removing %1…</source>
        <translation>%1 kaldırılıyor…</translation>
    </message>
    <message>
        <source>Removed %1, freed %2.</source>
        <translation>%1 kaldırıldı, %2 boşaltıldı.</translation>
    </message>
    <message>
        <source>Unused for days</source>
        <translation>Kullanılmadığı gün sayısı</translation>
    </message>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <source>Remove every environment that no run used for this long, on its target and from the workspace. Environments that live runs use are kept.</source>
        <translation>Bu süre boyunca hiçbir çalıştırmanın kullanmadığı her ortamı hedefinden ve çalışma alanından kaldırın. Canlı çalıştırmaların kullandığı ortamlar korunur.</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>Temizle</translation>
    </message>
    <message>
        <source>Unused for:</source>
        <translation>Kullanılmama süresi:</translation>
    </message>
    <message>
        <source>prune the environments unused for %1 days</source>
        <translation>%1 gündür kullanılmayan ortamları temizle</translation>
    </message>
    <message>
        <source>Pruning…</source>
        <translation>Temizleniyor…</translation>
    </message>
    <message>
        <source>%1 on %2 (live run %3)</source>
        <translation>%1, %2 üzerinde (canlı çalıştırma %3)</translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n environment(s), freed %1.</source>
        <translation>
            <numerusform>%n ortam temizlendi, %1 boşaltıldı.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EstimatorForm</name>
    <message>
        <source>Estimator form</source>
        <translation>Tahmin aracı formu</translation>
    </message>
    <message>
        <source>Converted %1 from an Azure ML command job; Save writes it as an estimator file</source>
        <translation>%1 bir Azure ML komut işinden dönüştürüldü; Kaydet onu tahmin aracı dosyası olarak yazar</translation>
    </message>
    <message>
        <source>Snapshot: %1 of %2 files</source>
        <translation>Anlık görüntü: %1 / %2 dosya</translation>
    </message>
    <message>
        <source>Submitted run %1</source>
        <translation>%1 çalıştırması gönderildi</translation>
    </message>
    <message>
        <source>Not submitted: fix the problems shown above</source>
        <translation>Gönderilmedi: yukarıda gösterilen sorunları düzeltin</translation>
    </message>
    <message>
        <source>Problems with %1</source>
        <translation>%1 ile ilgili sorunlar</translation>
    </message>
    <message>
        <source>Problems of the estimator file</source>
        <translation>Tahmin aracı dosyasının sorunları</translation>
    </message>
    <message>
        <source>Source directory</source>
        <translation>Kaynak dizin</translation>
    </message>
    <message>
        <source>The project folder that is snapshotted for each run</source>
        <translation>Her çalıştırma için anlık görüntüsü alınan proje klasörü</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Gözat…</translation>
    </message>
    <message>
        <source>Choose the source directory</source>
        <translation>Kaynak dizini seçin</translation>
    </message>
    <message>
        <source>Git state of the source directory</source>
        <translation>Kaynak dizinin Git durumu</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>değişmiş</translation>
    </message>
    <message>
        <source>The source directory has uncommitted changes</source>
        <translation>Kaynak dizinde commit edilmemiş değişiklikler var</translation>
    </message>
    <message>
        <source>Uncommitted changes: the run records them as a patch</source>
        <translation>Commit edilmemiş değişiklikler: çalıştırma bunları yama olarak kaydeder</translation>
    </message>
    <message>
        <source>&amp;Source directory:</source>
        <translation>&amp;Kaynak dizin:</translation>
    </message>
    <message>
        <source>Git:</source>
        <translation>Git:</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Deneme</translation>
    </message>
    <message>
        <source>E&amp;xperiment:</source>
        <translation>&amp;Deneme:</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>Çalıştırma adı</translation>
    </message>
    <message>
        <source>Optional: the name the run is shown by instead of its id</source>
        <translation>İsteğe bağlı: çalıştırmanın kimliği yerine gösterilen adı</translation>
    </message>
    <message>
        <source>&amp;Run name:</source>
        <translation>Çalıştırma &amp;adı:</translation>
    </message>
    <message>
        <source>Entry script</source>
        <translation>Giriş betiği</translation>
    </message>
    <message>
        <source>&amp;Entry script:</source>
        <translation>&amp;Giriş betiği:</translation>
    </message>
    <message>
        <source>Script parameters</source>
        <translation>Betik parametreleri</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ekle</translation>
    </message>
    <message>
        <source>Add a script parameter</source>
        <translation>Bir betik parametresi ekle</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Remove the selected script parameter</source>
        <translation>Seçili betik parametresini kaldır</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Yukarı</translation>
    </message>
    <message>
        <source>Move the selected script parameter up</source>
        <translation>Seçili betik parametresini yukarı taşı</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Aşağı</translation>
    </message>
    <message>
        <source>Move the selected script parameter down</source>
        <translation>Seçili betik parametresini aşağı taşı</translation>
    </message>
    <message>
        <source>Script &amp;params:</source>
        <translation>Betik &amp;parametreleri:</translation>
    </message>
    <message>
        <source>Compute target</source>
        <translation>İşlem hedefi</translation>
    </message>
    <message>
        <source>Compute &amp;target:</source>
        <translation>İşlem &amp;hedefi:</translation>
    </message>
    <message>
        <source>Pip packages</source>
        <translation>Pip paketleri</translation>
    </message>
    <message>
        <source>Separated by commas or spaces, e.g. numpy scikit-learn==1.2</source>
        <translation>Virgül veya boşlukla ayrılmış, ör. numpy scikit-learn==1.2</translation>
    </message>
    <message>
        <source>P&amp;ip packages:</source>
        <translation>P&amp;ip paketleri:</translation>
    </message>
    <message>
        <source>Conda packages</source>
        <translation>Conda paketleri</translation>
    </message>
    <message>
        <source>Separated by commas or spaces</source>
        <translation>Virgül veya boşlukla ayrılmış</translation>
    </message>
    <message>
        <source>&amp;Conda packages:</source>
        <translation>&amp;Conda paketleri:</translation>
    </message>
    <message>
        <source>Environment file</source>
        <translation>Ortam dosyası</translation>
    </message>
    <message>
        <source>requirements.txt or environment.yml (optional)</source>
        <translation>requirements.txt veya environment.yml (isteğe bağlı)</translation>
    </message>
    <message>
        <source>Choose the environment file</source>
        <translation>Ortam dosyasını seçin</translation>
    </message>
    <message>
        <source>Environment &amp;file:</source>
        <translation>Ortam &amp;dosyası:</translation>
    </message>
    <message>
        <source>Docker image</source>
        <translation>Docker görüntüsü</translation>
    </message>
    <message>
        <source>Optional, e.g. pytorch/pytorch:latest</source>
        <translation>İsteğe bağlı, ör. pytorch/pytorch:latest</translation>
    </message>
    <message>
        <source>&amp;Docker image:</source>
        <translation>Docker &amp;görüntüsü:</translation>
    </message>
    <message>
        <source>&amp;Use the interpreter as it is (user-managed dependencies)</source>
        <translation>Yorumlayıcıyı olduğu gibi &amp;kullan (kullanıcı tarafından yönetilen bağımlılıklar)</translation>
    </message>
    <message>
        <source>Use the interpreter as it is</source>
        <translation>Yorumlayıcıyı olduğu gibi kullan</translation>
    </message>
    <message>
        <source>Run with the target&apos;s interpreter (or the image&apos;s) and whatever it has installed: no environment is built, even with packages listed</source>
        <translation>Hedefin (veya görüntünün) yorumlayıcısıyla ve onda kurulu olanlarla çalıştır: paketler listelenmiş olsa bile ortam oluşturulmaz</translation>
    </message>
    <message>
        <source>Dependencies:</source>
        <translation>Bağımlılıklar:</translation>
    </message>
    <message>
        <source>Node count</source>
        <translation>Düğüm sayısı</translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation>Dü&amp;ğümler:</translation>
    </message>
    <message>
        <source>Processes per node</source>
        <translation>Düğüm başına işlem</translation>
    </message>
    <message>
        <source>Processes per n&amp;ode:</source>
        <translation>Düğüm başına iş&amp;lem:</translation>
    </message>
    <message>
        <source>Distributed training</source>
        <translation>Dağıtılmış eğitim</translation>
    </message>
    <message>
        <source>Distri&amp;buted training:</source>
        <translation>Dağıtılmış &amp;eğitim:</translation>
    </message>
    <message>
        <source>Metrics from all ran&amp;ks (kept apart as rank1/…)</source>
        <translation>Tüm sı&amp;ralardan ölçümler (rank1/… olarak ayrı tutulur)</translation>
    </message>
    <message>
        <source>Metrics from all ranks</source>
        <translation>Tüm sıralardan ölçümler</translation>
    </message>
    <message>
        <source>Helper metrics of every rank of a distributed run, not only rank 0&apos;s</source>
        <translation>Dağıtılmış bir çalıştırmanın yalnızca 0. sırasının değil, her sırasının yardımcı ölçümleri</translation>
    </message>
    <message>
        <source>Rank metrics:</source>
        <translation>Sıra ölçümleri:</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Ortam değişkenleri</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Add an environment variable</source>
        <translation>Bir ortam değişkeni ekle</translation>
    </message>
    <message>
        <source>Remove the selected environment variable</source>
        <translation>Seçili ortam değişkenini kaldır</translation>
    </message>
    <message>
        <source>En&amp;vironment variables:</source>
        <translation>Ortam &amp;değişkenleri:</translation>
    </message>
    <message>
        <source>Metric patterns, one regular expression per line</source>
        <translation>Ölçüm kalıpları, satır başına bir düzenli ifade</translation>
    </message>
    <message>
        <source>One per line, e.g. loss=(?&lt;value&gt;[0-9.eE+-]+)</source>
        <translation>Satır başına bir tane, ör. loss=(?&lt;value&gt;[0-9.eE+-]+)</translation>
    </message>
    <message>
        <source>&amp;Metric patterns:</source>
        <translation>Ölçüm &amp;kalıpları:</translation>
    </message>
    <message>
        <source>Command line preview</source>
        <translation>Komut satırı önizlemesi</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>Komut satırı:</translation>
    </message>
    <message>
        <source>Validation summary</source>
        <translation>Doğrulama özeti</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Kaydet</translation>
    </message>
    <message>
        <source>Save estimator.yml</source>
        <translation>estimator.yml dosyasını kaydet</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>&amp;Farklı Kaydet…</translation>
    </message>
    <message>
        <source>Save the estimator to another file</source>
        <translation>Tahmin aracını başka bir dosyaya kaydet</translation>
    </message>
    <message>
        <source>Sub&amp;mit</source>
        <translation>&amp;Gönder</translation>
    </message>
    <message>
        <source>Submit a run</source>
        <translation>Bir çalıştırma gönder</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Cancel the submission</source>
        <translation>Göndermeyi iptal et</translation>
    </message>
    <message>
        <source>Snapshot progress</source>
        <translation>Anlık görüntü ilerlemesi</translation>
    </message>
    <message>
        <source>Submission status</source>
        <translation>Gönderme durumu</translation>
    </message>
    <message>
        <source>Submit Run</source>
        <translation>Çalıştırmayı Gönder</translation>
    </message>
    <message>
        <source>Save Estimator</source>
        <translation>Tahmin Aracını Kaydet</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 okunuyor…</translation>
    </message>
    <message>
        <source>%1 could not be loaded; the form shows a guess instead:
%2</source>
        <translation>%1 yüklenemedi; form bunun yerine bir tahmin gösteriyor:
%2</translation>
    </message>
    <message>
        <source>not in a git repository</source>
        <translation>bir git deposunda değil</translation>
    </message>
    <message>
        <source>detached HEAD</source>
        <translation>ayrık HEAD</translation>
    </message>
    <message>
        <source>no commits yet</source>
        <translation>henüz commit yok</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Sorun bulunmadı.</translation>
    </message>
    <message>
        <source>Fill in the fields and submit; problems are pointed out as you go.</source>
        <translation>Alanları doldurup gönderin; sorunlar siz ilerledikçe gösterilir.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): %1</source>
        <translation>
            <numerusform>%n sorun: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>(no preview: %1)</source>
        <translation>(önizleme yok: %1)</translation>
    </message>
    <message>
        <source>Replace estimator file</source>
        <translation>Tahmin aracı dosyasını değiştir</translation>
    </message>
    <message>
        <source>%1 could not be loaded, so the form shows a guess. Replace the file with the form&apos;s values? Its current content will be lost.</source>
        <translation>%1 yüklenemediği için form bir tahmin gösteriyor. Dosya formdaki değerlerle değiştirilsin mi? Mevcut içeriği kaybolacak.</translation>
    </message>
    <message>
        <source>Not saved: %1 was kept as it is</source>
        <translation>Kaydedilmedi: %1 olduğu gibi bırakıldı</translation>
    </message>
    <message>
        <source>Save estimator</source>
        <translation>Tahmin aracını kaydet</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Kaydedilmedi: %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Kaydedildi: %1</translation>
    </message>
    <message>
        <source>Save estimator as</source>
        <translation>Tahmin aracını farklı kaydet</translation>
    </message>
    <message>
        <source>Estimator files (*.yml *.yaml)</source>
        <translation>Tahmin aracı dosyaları (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>İptal ediliyor…</translation>
    </message>
    <message>
        <source>Environment files (*.yml *.yaml *.txt)</source>
        <translation>Ortam dosyaları (*.yml *.yaml *.txt)</translation>
    </message>
    <message>
        <source>none</source>
        <comment>distributed training</comment>
        <translation>yok</translation>
    </message>
    <message>
        <source>%1 could not be converted; the form shows a guess instead:
%2</source>
        <translation>%1 dönüştürülemedi; form bunun yerine bir tahmin gösteriyor:
%2</translation>
    </message>
</context>
<context>
    <name>HostKeyTrustDialog</name>
    <message>
        <source>Trust the host %1?</source>
        <translation>%1 ana makinesine güvenilsin mi?</translation>
    </message>
    <message>
        <source>This workspace does not trust &lt;b&gt;%1&lt;/b&gt; yet. The host offers these keys:</source>
        <translation>Bu çalışma alanı &lt;b&gt;%1&lt;/b&gt; ana makinesine henüz güvenmiyor. Ana makine şu anahtarları sunuyor:</translation>
    </message>
    <message>
        <source>Offered host keys</source>
        <translation>Sunulan ana makine anahtarları</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Ana makine</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Parmak izi</translation>
    </message>
    <message>
        <source>Compare a fingerprint with the host&apos;s own (on the host: &lt;tt&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/tt&gt;) before trusting it. Trusted keys are written to %1; a key that changes later is refused.</source>
        <translation>Güvenmeden önce parmak izini ana makinenin kendisindekiyle karşılaştırın (ana makinede: &lt;tt&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/tt&gt;). Güvenilen anahtarlar %1 dosyasına yazılır; sonradan değişen bir anahtar reddedilir.</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Güven</translation>
    </message>
    <message>
        <source>Trust these host keys</source>
        <translation>Bu ana makine anahtarlarına güven</translation>
    </message>
    <message>
        <source>Do not trust the host</source>
        <translation>Ana makineye güvenme</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1, %2 sunuyor</translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <source>Fit</source>
        <translation>Sığdır</translation>
    </message>
    <message>
        <source>Scale the image down to fit the pane</source>
        <translation>Görüntüyü bölmeye sığacak şekilde küçült</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>%100</translation>
    </message>
    <message>
        <source>Show the image at its own size</source>
        <translation>Görüntüyü kendi boyutunda göster</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>Görüntü boyutu</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Görüntü</translation>
    </message>
    <message>
        <source>Not a readable SVG image.</source>
        <translation>Okunabilir bir SVG görüntüsü değil.</translation>
    </message>
    <message>
        <source>This build of Trainyard has no SVG support.</source>
        <translation>Trainyard’ın bu derlemesinde SVG desteği yok.</translation>
    </message>
    <message>
        <source>The image cannot be read: %1</source>
        <translation>Görüntü okunamıyor: %1</translation>
    </message>
    <message>
        <source>%1 · %2 × %3</source>
        <translation>%1 · %2 × %3</translation>
    </message>
</context>
<context>
    <name>InstanceChannel</name>
    <message>
        <source>cannot reach the running Trainyard at %1: %2</source>
        <translation>çalışan Trainyard&apos;a %1 üzerinden ulaşılamıyor: %2</translation>
    </message>
    <message>
        <source>cannot send to the running Trainyard: %1</source>
        <translation>çalışan Trainyard&apos;a gönderilemiyor: %1</translation>
    </message>
    <message>
        <source>the running Trainyard did not answer within %1 s</source>
        <translation>çalışan Trainyard %1 sn içinde yanıt vermedi</translation>
    </message>
    <message>
        <source>the running Trainyard refused the request</source>
        <translation>çalışan Trainyard isteği reddetti</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>%1 dinlenemiyor: %2</translation>
    </message>
</context>
<context>
    <name>JsonTreeModel</name>
    <message>
        <source>object</source>
        <translation>nesne</translation>
    </message>
    <message>
        <source>array</source>
        <translation>dizi</translation>
    </message>
    <message>
        <source>string</source>
        <translation>metin</translation>
    </message>
    <message>
        <source>number</source>
        <translation>sayı</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>mantıksal</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n anahtar}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n öğe]</numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Anahtar</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
</context>
<context>
    <name>LogViewWidget</name>
    <message>
        <source>Rank</source>
        <translation>Sıra</translation>
    </message>
    <message>
        <source>Whose output to show: each rank of a distributed run has its own logs</source>
        <translation>Kimin çıktısının gösterileceği: dağıtılmış bir çalıştırmanın her sırasının kendi günlükleri vardır</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Günlük dosyası</translation>
    </message>
    <message>
        <source>Which of the run&apos;s logs to show</source>
        <translation>Çalıştırmanın hangi günlüğünün gösterileceği</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Takip et</translation>
    </message>
    <message>
        <source>Follow the end of the log</source>
        <translation>Günlüğün sonunu takip et</translation>
    </message>
    <message>
        <source>Keep showing the newest lines (End)</source>
        <translation>En yeni satırları göstermeye devam et (End)</translation>
    </message>
    <message>
        <source>Find (Ctrl+F)</source>
        <translation>Bul (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find in log</source>
        <translation>Günlükte bul</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>Öncekini bul</translation>
    </message>
    <message>
        <source>Find previous (Shift+F3)</source>
        <translation>Öncekini bul (Shift+F3)</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>Sonrakini bul</translation>
    </message>
    <message>
        <source>Find next (F3)</source>
        <translation>Sonrakini bul (F3)</translation>
    </message>
    <message>
        <source>Search result</source>
        <translation>Arama sonucu</translation>
    </message>
    <message>
        <source>Log size</source>
        <translation>Günlük boyutu</translation>
    </message>
    <message>
        <source>Order of the combined log</source>
        <translation>Birleşik günlüğün sırası</translation>
    </message>
    <message>
        <source>Log text</source>
        <translation>Günlük metni</translation>
    </message>
    <message>
        <source>Copy Lines</source>
        <translation>Satırları Kopyala</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Tümünü Seç</translation>
    </message>
    <message>
        <source>stdout + stderr (combined)</source>
        <translation>stdout + stderr (birleşik)</translation>
    </message>
    <message>
        <source>Rank %1</source>
        <translation>Sıra %1</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Aranıyor…</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Bulunamadı</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Satır %1</translation>
    </message>
    <message>
        <source> (wrapped)</source>
        <translation> (başa dönüldü)</translation>
    </message>
    <message>
        <source>1 matching line</source>
        <translation>1 eşleşen satır</translation>
    </message>
    <message>
        <source>%1 matching lines</source>
        <translation>%1 eşleşen satır</translation>
    </message>
    <message>
        <source>%1 lines · %2</source>
        <translation>%1 satır · %2</translation>
    </message>
    <message>
        <source> · indexing %1%</source>
        <translation> · dizinleniyor %%1</translation>
    </message>
    <message>
        <source>stdout (out) and stderr (err) in the order they were written, with the time each line was seen.</source>
        <translation>stdout (out) ve stderr (err), yazıldıkları sırayla ve her satırın görüldüğü zamanla.</translation>
    </message>
    <message>
        <source>This run did not record the order of its output: stdout is shown first, then stderr, so their order is approximate.</source>
        <translation>Bu çalıştırma çıktısının sırasını kaydetmedi: önce stdout, sonra stderr gösteriliyor; bu yüzden sıraları yaklaşıktır.</translation>
    </message>
    <message>
        <source>Waiting for the order of the run&apos;s output; a run that does not record it is combined once it has ended.</source>
        <translation>Çalıştırma çıktısının sırası bekleniyor; sırayı kaydetmeyen bir çalıştırma bittiğinde birleştirilir.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Trainyard</source>
        <translation>Trainyard</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Çalışma alanı</translation>
    </message>
    <message>
        <source>Live runs</source>
        <translation>Canlı çalıştırmalar</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Dosya</translation>
    </message>
    <message>
        <source>Open &amp;Project Folder…</source>
        <translation>&amp;Proje Klasörü Aç…</translation>
    </message>
    <message>
        <source>Open &amp;Estimator or Job File…</source>
        <translation>&amp;Tahmin Aracı veya İş Dosyası Aç…</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>&amp;Çalışma Alanı Aç…</translation>
    </message>
    <message>
        <source>&amp;Recent Workspaces</source>
        <translation>&amp;Son Çalışma Alanları</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Çı&amp;kış</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Çalış&amp;tırma</translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation>Çalıştırmayı &amp;İptal Et</translation>
    </message>
    <message>
        <source>&amp;Resubmit…</source>
        <translation>&amp;Yeniden Gönder…</translation>
    </message>
    <message>
        <source>C&amp;ompare</source>
        <translation>&amp;Karşılaştır</translation>
    </message>
    <message>
        <source>Compare the selected runs side by side</source>
        <translation>Seçili çalıştırmaları yan yana karşılaştır</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Y&amp;enile</translation>
    </message>
    <message>
        <source>&amp;Find Runs</source>
        <translation>Çalıştırma &amp;Bul</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <source>&amp;About Trainyard</source>
        <translation>Trainyard &amp;Hakkında</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Ana</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>&amp;Sistemi İzle</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Açık</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Koyu</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Ayarlar</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Dil</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>&amp;Sistem Varsayılanı</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>The new language is used when Trainyard starts again. Restart now?</source>
        <translation>Yeni dil, Trainyard yeniden başladığında kullanılır. Şimdi yeniden başlatılsın mı?</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Trainyard %1&lt;/h3&gt;&lt;p&gt;A desktop experiment manager for machine-learning training runs: submit an estimator to this machine, an SSH host or a Slurm cluster, watch it live, compare runs and keep models.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;&lt;p&gt;Documentation: the README and docs/ that come with Trainyard, and &lt;code&gt;trainyard-cli help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Trainyard %1&lt;/h3&gt;&lt;p&gt;Makine öğrenimi eğitim çalıştırmaları için bir masaüstü deneme yöneticisi: bir tahmin aracını bu makineye, bir SSH ana makinesine veya bir Slurm kümesine gönderin, canlı izleyin, çalıştırmaları karşılaştırın ve modelleri saklayın.&lt;/p&gt;&lt;p&gt;Qt %2 ile derlendi.&lt;/p&gt;&lt;p&gt;Belgeler: Trainyard ile gelen README ve docs/ ile &lt;code&gt;trainyard-cli help&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Trainyard</source>
        <translation>Trainyard Hakkında</translation>
    </message>
    <message>
        <source>Cannot set up the sample project: %1</source>
        <translation>Örnek proje hazırlanamıyor: %1</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Sayfa</translation>
    </message>
    <message>
        <source>Run %1 submitted</source>
        <translation>%1 çalıştırması gönderildi</translation>
    </message>
    <message>
        <source>Opened job file %1, converted to an estimator</source>
        <translation>%1 iş dosyası açıldı, tahmin aracına dönüştürüldü</translation>
    </message>
    <message>
        <source>Opened estimator file %1</source>
        <translation>%1 tahmin aracı dosyası açıldı</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>%1 açılamıyor</translation>
    </message>
    <message>
        <source>Cannot open estimator or job file</source>
        <translation>Tahmin aracı veya iş dosyası açılamıyor</translation>
    </message>
    <message>
        <source>Cancel requested for run %1</source>
        <translation>%1 çalıştırması için iptal istendi</translation>
    </message>
    <message>
        <source>%1 — Trainyard</source>
        <translation>%1 — Trainyard</translation>
    </message>
    <message>
        <source>Select two or more runs to compare them</source>
        <translation>Karşılaştırmak için iki veya daha fazla çalıştırma seçin</translation>
    </message>
    <message>
        <source>No run %1 in this workspace</source>
        <translation>Bu çalışma alanında %1 çalıştırması yok</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>Yenilendi</translation>
    </message>
    <message numerus="yes">
        <source>%n live run(s)</source>
        <translation>
            <numerusform>%n canlı çalıştırma</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Proje Klasörü Aç</translation>
    </message>
    <message>
        <source>Open Estimator or Job File</source>
        <translation>Tahmin Aracı veya İş Dosyası Aç</translation>
    </message>
    <message>
        <source>Estimator and Azure ML job files (*.yml *.yaml)</source>
        <translation>Tahmin aracı ve Azure ML iş dosyaları (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Çalışma Alanı Aç</translation>
    </message>
    <message>
        <source>%1 cannot be opened as a project folder</source>
        <translation>%1 proje klasörü olarak açılamıyor</translation>
    </message>
    <message>
        <source>Opened project folder %1</source>
        <translation>%1 proje klasörü açıldı</translation>
    </message>
    <message>
        <source>Cannot open project folder</source>
        <translation>Proje klasörü açılamıyor</translation>
    </message>
    <message>
        <source>Nothing was dropped: drop a project folder to open it.</source>
        <translation>Hiçbir şey bırakılmadı: açmak için bir proje klasörü bırakın.</translation>
    </message>
    <message>
        <source>%1 is not a local folder: drop a project folder from this computer.</source>
        <translation>%1 yerel bir klasör değil: bu bilgisayardan bir proje klasörü bırakın.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 yok.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder: drop the project folder that holds the training script, or an estimator or job file (.yml).</source>
        <translation>%1 bir klasör değil, dosya: eğitim betiğini içeren proje klasörünü ya da bir tahmin aracı veya iş dosyasını (.yml) bırakın.</translation>
    </message>
    <message>
        <source>%1 cannot be read (permission denied).</source>
        <translation>%1 okunamıyor (izin reddedildi).</translation>
    </message>
    <message>
        <source>Several items dropped: opening only %1</source>
        <translation>Birden çok öğe bırakıldı: yalnızca %1 açılıyor</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Çalışma alanı açılamıyor</translation>
    </message>
    <message>
        <source>Cannot open workspace %1: %2</source>
        <translation>%1 çalışma alanı açılamıyor: %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(yok)</translation>
    </message>
    <message>
        <source>Notify When Runs End</source>
        <translation>Çalıştırmalar Bitince Bildir</translation>
    </message>
    <message>
        <source>A desktop notification when a run ends while Trainyard is not the active window</source>
        <translation>Trainyard etkin pencere değilken bir çalıştırma bittiğinde masaüstü bildirimi</translation>
    </message>
    <message>
        <source>%1 is not a run link: expected trainyard://run/RUN_ID.</source>
        <translation>%1 bir çalıştırma bağlantısı değil: trainyard://run/ÇALIŞTIRMA_KİMLİĞİ bekleniyordu.</translation>
    </message>
    <message>
        <source>Cannot open workspace %1:
%2</source>
        <translation>%1 çalışma alanı açılamıyor:
%2</translation>
    </message>
    <message>
        <source>Switched to workspace %1, as Trainyard was started again with it</source>
        <translation>Trainyard onunla yeniden başlatıldığı için %1 çalışma alanına geçildi</translation>
    </message>
</context>
<context>
    <name>MetricChartView</name>
    <message>
        <source>Values at the pointer</source>
        <translation>İşaretçideki değerler</translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation>Görüntüyü dışa aktar…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG or SVG image</source>
        <translation>Bu grafiği PNG veya SVG görüntüsü olarak kaydet</translation>
    </message>
    <message>
        <source>cannot export the chart to %1: the file name must end in .png or .svg</source>
        <translation>grafik %1 dosyasına aktarılamıyor: dosya adı .png veya .svg ile bitmeli</translation>
    </message>
    <message>
        <source>A chart exported from Trainyard</source>
        <translation>Trainyard’dan dışa aktarılmış bir grafik</translation>
    </message>
    <message>
        <source>cannot export the chart to %1: the PNG could not be encoded</source>
        <translation>grafik %1 dosyasına aktarılamıyor: PNG kodlanamadı</translation>
    </message>
    <message>
        <source>cannot write the chart image %1: %2</source>
        <translation>grafik görüntüsü %1 yazılamıyor: %2</translation>
    </message>
    <message>
        <source>Export chart image</source>
        <translation>Grafik görüntüsünü dışa aktar</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation>PNG görüntüsü (*.png);;SVG görüntüsü (*.svg)</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>Görüntüyü dışa aktar</translation>
    </message>
</context>
<context>
    <name>MetricsChartWidget</name>
    <message>
        <source>Metrics charts</source>
        <translation>Ölçüm grafikleri</translation>
    </message>
    <message>
        <source>&amp;Combine on one chart</source>
        <translation>Tek grafikte &amp;birleştir</translation>
    </message>
    <message>
        <source>Combine chosen metrics on one chart</source>
        <translation>Seçilen ölçümleri tek grafikte birleştir</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X ekseni</translation>
    </message>
    <message>
        <source>X: step</source>
        <translation>X: adım</translation>
    </message>
    <message>
        <source>X: time</source>
        <translation>X: zaman</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>&amp;Logaritmik ölçek</translation>
    </message>
    <message>
        <source>Logarithmic y axis</source>
        <translation>Logaritmik y ekseni</translation>
    </message>
    <message>
        <source>&amp;Smoothing</source>
        <translation>&amp;Yumuşatma</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Yumuşatma</translation>
    </message>
    <message>
        <source>Smoothing weight</source>
        <translation>Yumuşatma ağırlığı</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>Yakınlaştırmayı &amp;sıfırla</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Yakınlaştırmayı sıfırla</translation>
    </message>
    <message>
        <source>Show every point again (also 0, Home or Escape in a chart).
Drag to zoom, Ctrl+drag or middle-drag or arrow keys to pan, +/- to zoom.</source>
        <translation>Tüm noktaları yeniden göster (grafikte 0, Home veya Escape de olur).
Yakınlaştırmak için sürükleyin; kaydırmak için Ctrl+sürükleme, orta tuşla sürükleme veya ok tuşları; yakınlaştırmak için +/-.</translation>
    </message>
    <message>
        <source>La&amp;bel by</source>
        <translation>E&amp;tiket ölçütü</translation>
    </message>
    <message>
        <source>Label lines by</source>
        <translation>Çizgileri şuna göre etiketle</translation>
    </message>
    <message>
        <source>Name each line by the run&apos;s name, or by the parameters ticked here</source>
        <translation>Her çizgiyi çalıştırmanın adıyla veya burada işaretlenen parametrelerle adlandır</translation>
    </message>
    <message>
        <source>Colour lines by</source>
        <translation>Çizgileri şuna göre renklendir</translation>
    </message>
    <message>
        <source>Colour each line by a parameter&apos;s value: a gradient for numbers, distinct colours for text</source>
        <translation>Her çizgiyi bir parametrenin değerine göre renklendir: sayılar için renk geçişi, metin için ayrı renkler</translation>
    </message>
    <message>
        <source>What the line colours mean</source>
        <translation>Çizgi renklerinin anlamı</translation>
    </message>
    <message>
        <source>Metrics to chart</source>
        <translation>Grafiği çizilecek ölçümler</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Grafikler</translation>
    </message>
    <message>
        <source>Metrics status</source>
        <translation>Ölçümlerin durumu</translation>
    </message>
    <message>
        <source>Run name (when it has one)</source>
        <translation>Çalıştırma adı (varsa)</translation>
    </message>
    <message>
        <source>No parameters recorded for these runs</source>
        <translation>Bu çalıştırmalar için kaydedilmiş parametre yok</translation>
    </message>
    <message>
        <source>Colour: by line</source>
        <translation>Renk: çizgiye göre</translation>
    </message>
    <message>
        <source>Colour: %1</source>
        <translation>Renk: %1</translation>
    </message>
    <message>
        <source> (raw)</source>
        <translation> (ham)</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#c62828&quot;&gt;Run names and parameters could not be read: %1&lt;/span&gt;&lt;br&gt;</source>
        <translation>&lt;span style=&quot;color:#c62828&quot;&gt;Çalıştırma adları ve parametreleri okunamadı: %1&lt;/span&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; — none of these runs has this parameter</source>
        <translation>Renk: &lt;b&gt;%1&lt;/b&gt; — bu çalıştırmaların hiçbirinde bu parametre yok</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 %3 %4</source>
        <translation>Renk: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 %3 %4</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2</source>
        <translation>Renk: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2</translation>
    </message>
    <message>
        <source> &amp;nbsp; %1&amp;nbsp;no value</source>
        <translation> &amp;nbsp; %1&amp;nbsp;değer yok</translation>
    </message>
    <message>
        <source>System · %1</source>
        <translation>Sistem · %1</translation>
    </message>
    <message>
        <source>CPU, memory and GPUs of the node %1, sampled while the run lives</source>
        <translation>Çalıştırma sürerken örneklenen %1 düğümünün CPU, bellek ve GPU’ları</translation>
    </message>
    <message>
        <source>time (s since the run&apos;s first point)</source>
        <translation>zaman (çalıştırmanın ilk noktasından beri sn)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>adım</translation>
    </message>
    <message>
        <source>Select one or more runs to chart their metrics.</source>
        <translation>Ölçümlerinin grafiğini çizmek için bir veya daha fazla çalıştırma seçin.</translation>
    </message>
    <message>
        <source>Reading metrics…</source>
        <translation>Ölçümler okunuyor…</translation>
    </message>
    <message>
        <source>No metrics logged yet.</source>
        <translation>Henüz ölçüm kaydedilmedi.</translation>
    </message>
    <message>
        <source>No metric chosen: tick one in the list.</source>
        <translation>Ölçüm seçilmedi: listeden birini işaretleyin.</translation>
    </message>
    <message>
        <source>&lt;b&gt;System · %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Sistem · %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>System of node %1</source>
        <translation>%1 düğümünün sistemi</translation>
    </message>
    <message>
        <source>Chart of %1</source>
        <translation>%1 grafiği</translation>
    </message>
    <message>
        <source>Notes on the chart of %1</source>
        <translation>%1 grafiğine ilişkin notlar</translation>
    </message>
    <message>
        <source>Legend of the chart of %1</source>
        <translation>%1 grafiğinin açıklaması</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n NaN/inf value(s) not drawn</source>
        <translation>
            <numerusform>%1: %n NaN/inf değer çizilmedi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n value(s) ≤ 0 hidden on the log scale</source>
        <translation>
            <numerusform>%1: ≤ 0 olan %n değer logaritmik ölçekte gizlendi</numerusform>
        </translation>
    </message>
    <message>
        <source>time %1 s</source>
        <translation>zaman %1 sn</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>adım %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… ve %n tane daha</numerusform>
        </translation>
    </message>
    <message>
        <source>time +%1 s</source>
        <translation>zaman +%1 sn</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>değer %1</translation>
    </message>
    <message>
        <source>smoothed %1</source>
        <translation>yumuşatılmış %1</translation>
    </message>
    <message numerus="yes">
        <source>%n NaN/inf value(s) in this series not drawn</source>
        <translation>
            <numerusform>Bu serideki %n NaN/inf değer çizilmedi</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelEditDialog</name>
    <message>
        <source>Edit model version</source>
        <translation>Model sürümünü düzenle</translation>
    </message>
    <message>
        <source>Model description</source>
        <translation>Model açıklaması</translation>
    </message>
    <message>
        <source>Model tags</source>
        <translation>Model etiketleri</translation>
    </message>
    <message>
        <source>one key=value per line</source>
        <translation>satır başına bir anahtar=değer</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>A&amp;çıklama:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Etiketler:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
</context>
<context>
    <name>ModelsModel</name>
    <message numerus="yes">
        <source>%n version(s), newest %1</source>
        <translation>
            <numerusform>%n sürüm, en yenisi %1</numerusform>
        </translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>sürüm %1</translation>
    </message>
    <message>
        <source>Registered from %1 of run %2; double-click to open the run</source>
        <translation>%2 çalıştırmasının %1 yolundan kaydedildi; çalıştırmayı açmak için çift tıklayın</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Takma adlar</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Oluşturulma</translation>
    </message>
    <message>
        <source>Source run</source>
        <translation>Kaynak çalıştırma</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dosyalar</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiketler</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Açıklama</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Yol</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>Modeller</translation>
    </message>
    <message>
        <source>Registered models</source>
        <translation>Kayıtlı modeller</translation>
    </message>
    <message>
        <source>Model version details</source>
        <translation>Model sürümü ayrıntıları</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Yenile</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Modelleri yenile</translation>
    </message>
    <message>
        <source>Open Source &amp;Run</source>
        <translation>Kaynak &amp;Çalıştırmayı Aç</translation>
    </message>
    <message>
        <source>Open source run</source>
        <translation>Kaynak çalıştırmayı aç</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;İndir…</translation>
    </message>
    <message>
        <source>Download model version</source>
        <translation>Model sürümünü indir</translation>
    </message>
    <message>
        <source>De&amp;lete Version…</source>
        <translation>Sürümü &amp;Sil…</translation>
    </message>
    <message>
        <source>Delete model version</source>
        <translation>Model sürümünü sil</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Düzenle…</translation>
    </message>
    <message>
        <source>Edit description and tags</source>
        <translation>Açıklamayı ve etiketleri düzenle</translation>
    </message>
    <message>
        <source>Set &amp;Alias…</source>
        <translation>&amp;Takma Ad Ata…</translation>
    </message>
    <message>
        <source>Point an alias at this version</source>
        <translation>Bu sürüme bir takma ad ata</translation>
    </message>
    <message>
        <source>Points an alias such as production or staging at this version; NAME@ALIAS then names it (trainyard-cli model-download NAME@ALIAS)</source>
        <translation>production veya staging gibi bir takma adı bu sürüme yöneltir; ardından AD@TAKMAAD onu adlandırır (trainyard-cli model-download AD@TAKMAAD)</translation>
    </message>
    <message>
        <source>Models status</source>
        <translation>Modellerin durumu</translation>
    </message>
    <message>
        <source>Cannot read the models: %1</source>
        <translation>Modeller okunamıyor: %1</translation>
    </message>
    <message>
        <source>No models yet. Register one from a finished run&apos;s outputs in its Artifacts tab.</source>
        <translation>Henüz model yok. Bitmiş bir çalıştırmanın çıktılarından, Yapıtlar sekmesinde bir model kaydedin.</translation>
    </message>
    <message>
        <source>Select a version to see its details.</source>
        <translation>Ayrıntılarını görmek için bir sürüm seçin.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; version %2&lt;br&gt;Aliases: %10&lt;br&gt;Created: %3&lt;br&gt;Source run: &lt;a href=&quot;run:%4&quot;&gt;%4&lt;/a&gt; (%5)&lt;br&gt;Source run metrics:%11&lt;br&gt;Size: %6 in %n file(s)&lt;br&gt;Path: %7&lt;br&gt;Tags:%8&lt;br&gt;%9</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; sürüm %2&lt;br&gt;Takma adlar: %10&lt;br&gt;Oluşturulma: %3&lt;br&gt;Kaynak çalıştırma: &lt;a href=&quot;run:%4&quot;&gt;%4&lt;/a&gt; (%5)&lt;br&gt;Kaynak çalıştırmanın ölçümleri:%11&lt;br&gt;Boyut: %n dosyada %6&lt;br&gt;Yol: %7&lt;br&gt;Etiketler:%8&lt;br&gt;%9</numerusform>
        </translation>
    </message>
    <message>
        <source> none</source>
        <translation> yok</translation>
    </message>
    <message>
        <source> none recorded</source>
        <translation> kaydedilmemiş</translation>
    </message>
    <message>
        <source>Download %1 version %2 to</source>
        <translation>%1 sürüm %2 için indirme konumu</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Değiştirilsin mi?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with %2 version %3?</source>
        <translation>%1 zaten var. %2 sürüm %3 ile değiştirilsin mi?</translation>
    </message>
    <message>
        <source>Not downloaded: %1 already exists.</source>
        <translation>İndirilmedi: %1 zaten var.</translation>
    </message>
    <message>
        <source>Downloading %1 version %2…</source>
        <translation>%1 sürüm %2 indiriliyor…</translation>
    </message>
    <message>
        <source>%1 version %2</source>
        <translation>%1 sürüm %2</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>%1, %2 konumuna indirildi</translation>
    </message>
    <message>
        <source>Download of %1 failed: %2</source>
        <translation>%1 indirilemedi: %2</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>İndirme başarısız</translation>
    </message>
    <message>
        <source>Delete %1 version %2? Its stored files are removed from the workspace; the run that produced it keeps its outputs.</source>
        <translation>%1 sürüm %2 silinsin mi? Saklanan dosyaları çalışma alanından kaldırılır; onu üreten çalıştırma çıktılarını korur.</translation>
    </message>
    <message>
        <source>Kept %1 version %2.</source>
        <translation>%1 sürüm %2 korundu.</translation>
    </message>
    <message>
        <source>Deleted %1 version %2.</source>
        <translation>%1 sürüm %2 silindi.</translation>
    </message>
    <message>
        <source>Cannot delete %1 version %2: %3</source>
        <translation>%1 sürüm %2 silinemiyor: %3</translation>
    </message>
    <message>
        <source>Edit %1 version %2</source>
        <translation>%1 sürüm %2 düzenle</translation>
    </message>
    <message>
        <source>description and tags of %1 version %2</source>
        <translation>%1 sürüm %2 açıklaması ve etiketleri</translation>
    </message>
    <message>
        <source>Saved %1 version %2.</source>
        <translation>%1 sürüm %2 kaydedildi.</translation>
    </message>
    <message>
        <source>Set alias</source>
        <translation>Takma ad ata</translation>
    </message>
    <message>
        <source>Alias of %1 to point at version %2 (e.g. production, staging):</source>
        <translation>%1 modelinin sürüm %2 için takma adı (ör. production, staging):</translation>
    </message>
    <message>
        <source>Alias &quot;%1&quot;: expected a letter, then up to 63 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Takma ad &quot;%1&quot;: bir harf, ardından en çok 63 harf, rakam, &apos;.&apos;, &apos;_&apos; ya da &apos;-&apos; bekleniyordu.</translation>
    </message>
    <message>
        <source>%1@%2 is version %3.</source>
        <translation>%1@%2 artık sürüm %3.</translation>
    </message>
    <message>
        <source>Removed alias %1 of %2.</source>
        <translation>%2 modelinin %1 takma adı kaldırıldı.</translation>
    </message>
</context>
<context>
    <name>NavigationPane</name>
    <message>
        <source>Navigation</source>
        <translation>Gezinti</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Çalıştırmalar</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Karşılaştırma</translation>
    </message>
    <message>
        <source>The runs last compared (Ctrl+D on selected runs)</source>
        <translation>En son karşılaştırılan çalıştırmalar (seçili çalıştırmalarda Ctrl+D)</translation>
    </message>
    <message>
        <source>New run</source>
        <translation>Yeni çalıştırma</translation>
    </message>
    <message>
        <source>Compute targets</source>
        <translation>İşlem hedefleri</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Veri kümeleri</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modeller</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Ortamlar</translation>
    </message>
    <message>
        <source>Runs (%1)</source>
        <translation>Çalıştırmalar (%1)</translation>
    </message>
</context>
<context>
    <name>ParallelCoordinatesView</name>
    <message>
        <source>parallel coordinates</source>
        <translation>paralel koordinatları</translation>
    </message>
    <message>
        <source>no values</source>
        <translation>değer yok</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>eksik</translation>
    </message>
</context>
<context>
    <name>PlotStyle</name>
    <message>
        <source>Choose at least two columns to draw %1.</source>
        <translation>%1 çizmek için en az iki sütun seçin.</translation>
    </message>
    <message>
        <source>No runs to draw.</source>
        <translation>Çizilecek çalıştırma yok.</translation>
    </message>
</context>
<context>
    <name>RegisterDialogFooter</name>
    <message>
        <source>Validation message</source>
        <translation>Doğrulama iletisi</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
</context>
<context>
    <name>RegisterModelDialog</name>
    <message>
        <source>Register as Model</source>
        <translation>Model Olarak Kaydet</translation>
    </message>
    <message>
        <source>Register as model</source>
        <translation>Model olarak kaydet</translation>
    </message>
    <message>
        <source>Source path</source>
        <translation>Kaynak yol</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Model adı</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>harfler, rakamlar, &apos;.&apos;, &apos;_&apos; ya da &apos;-&apos;</translation>
    </message>
    <message>
        <source>Model description</source>
        <translation>Model açıklaması</translation>
    </message>
    <message>
        <source>Model tags</source>
        <translation>Model etiketleri</translation>
    </message>
    <message>
        <source>one key=value per line</source>
        <translation>satır başına bir anahtar=değer</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Kaynak:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Ad:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>A&amp;çıklama:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Etiketler:</translation>
    </message>
    <message>
        <source>tag line %1 &quot;%2&quot;: expected key=value</source>
        <translation>etiket satırı %1 &quot;%2&quot;: anahtar=değer bekleniyordu</translation>
    </message>
    <message>
        <source>Enter a model name.</source>
        <translation>Bir model adı girin.</translation>
    </message>
    <message>
        <source>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Ad, harf veya rakamla başlayan, 1-64 harf, rakam, &apos;.&apos;, &apos;_&apos; ya da &apos;-&apos; karakterinden oluşmalıdır.</translation>
    </message>
</context>
<context>
    <name>RegistryLoginsDialog</name>
    <message>
        <source>Registry logins</source>
        <translation>Kayıt defteri oturumları</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Kayıt defteri</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Kullanıcı</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Başlangıç</translation>
    </message>
    <message>
        <source>registry.example.com:5000</source>
        <translation>registry.example.com:5000</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Parola veya belirteç</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>&amp;Kayıt defteri:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>K&amp;ullanıcı:</translation>
    </message>
    <message>
        <source>&amp;Password or token:</source>
        <translation>&amp;Parola veya belirteç:</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Oturum aç</translation>
    </message>
    <message>
        <source>Keep this login; the password goes to the system keychain only</source>
        <translation>Bu oturumu sakla; parola yalnızca sistem anahtarlığına gider</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Oturumu &amp;kapat</translation>
    </message>
    <message>
        <source>Forget the selected login and remove its password from the keychain</source>
        <translation>Seçili oturumu unut ve parolasını anahtarlıktan kaldır</translation>
    </message>
    <message>
        <source>Runs whose custom_docker_image is on one of these registries pull it with its login, on every target.</source>
        <translation>custom_docker_image’i bu kayıt defterlerinden birinde olan çalıştırmalar onu, her hedefte, bu oturumla çeker.</translation>
    </message>
    <message>
        <source>Registry logins status</source>
        <translation>Kayıt defteri oturumlarının durumu</translation>
    </message>
    <message>
        <source>A login needs a user and a password or token.</source>
        <translation>Oturum için bir kullanıcı ve bir parola veya belirteç gerekir.</translation>
    </message>
    <message>
        <source>Logged in to %1 as %2; the password is in the system keychain.</source>
        <translation>%1 üzerinde %2 olarak oturum açıldı; parola sistem anahtarlığında.</translation>
    </message>
    <message>
        <source>Logged out of %1.</source>
        <translation>%1 oturumu kapatıldı.</translation>
    </message>
</context>
<context>
    <name>RunEndNotifier</name>
    <message>
        <source>Show Run</source>
        <translation>Çalıştırmayı Göster</translation>
    </message>
    <message>
        <source>Run %1 succeeded</source>
        <translation>%1 çalıştırması başarılı oldu</translation>
    </message>
    <message>
        <source>Run %1 was canceled</source>
        <translation>%1 çalıştırması iptal edildi</translation>
    </message>
    <message>
        <source>Run %1 failed</source>
        <translation>%1 çalıştırması başarısız oldu</translation>
    </message>
    <message>
        <source>Ran for %1 on %2</source>
        <translation>%2 üzerinde %1 sürdü</translation>
    </message>
    <message>
        <source>Ended before it started, on %1</source>
        <translation>%1 üzerinde, başlamadan bitti</translation>
    </message>
    <message>
        <source>Last %1: %2</source>
        <translation>Son %1: %2</translation>
    </message>
</context>
<context>
    <name>RunFilesModel</name>
    <message>
        <source>%1 (code snapshot, read-only)</source>
        <translation>%1 (kod anlık görüntüsü, salt okunur)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Değiştirilme</translation>
    </message>
</context>
<context>
    <name>RunLabels</name>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştırma</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Deneme</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Hedef</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Gönderilme</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Başlama</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Bitiş</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Süre</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Kuyrukta</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>Hazırlanıyor</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Başlatılıyor</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Çalışıyor</translation>
    </message>
    <message>
        <source>Finalizing</source>
        <translation>Sonlandırılıyor</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Tamamlandı</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Başarısız</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>İptal edildi</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a status and why</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>a duration: seconds</comment>
        <translation>%1 sn</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <comment>a duration: minutes, seconds</comment>
        <translation>%1 dk %2 sn</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>a duration: hours, minutes</comment>
        <translation>%1 sa %2 dk</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <comment>a duration: days, hours</comment>
        <translation>%1 g %2 sa</translation>
    </message>
    <message>
        <source>min</source>
        <translation>en düşük</translation>
    </message>
    <message>
        <source>max</source>
        <translation>en yüksek</translation>
    </message>
    <message>
        <source>last</source>
        <translation>son</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a metric and its aggregate</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametreler</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Ölçümler</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiketler</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ortam</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Çıkış kodu</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Depo</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Dal</translation>
    </message>
    <message>
        <source>Dirty</source>
        <translation>Commit edilmemiş değişiklik</translation>
    </message>
    <message>
        <source>Uncommitted diff</source>
        <translation>Commit edilmemiş fark</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Görüntü</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Ana makine</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <source>no</source>
        <translation>hayır</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no uncommitted diff</comment>
        <translation>yok</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), %1</source>
        <comment>an uncommitted diff&apos;s size and hash</comment>
        <translation>
            <numerusform>%n satır, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>çıkış kodu %1</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Run tabs</source>
        <translation>Çalıştırma sekmeleri</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Günlükler</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Ölçümler</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Yapıtlar</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Özet</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Çalıştırma özeti</translation>
    </message>
    <message>
        <source>Run id</source>
        <translation>Çalıştırma kimliği</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Çalıştırmayı iptal et</translation>
    </message>
    <message>
        <source>Stop this run (Ctrl+.)</source>
        <translation>Bu çalıştırmayı durdur (Ctrl+.)</translation>
    </message>
    <message>
        <source>Resubmit…</source>
        <translation>Yeniden gönder…</translation>
    </message>
    <message>
        <source>Resubmit run</source>
        <translation>Çalıştırmayı yeniden gönder</translation>
    </message>
    <message>
        <source>Open this run&apos;s estimator in the form, to change and submit it again</source>
        <translation>Değiştirip yeniden göndermek için bu çalıştırmanın tahmin aracını formda aç</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Gönderilme</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Başlama</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Bitiş</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Süre</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Çıkış kodu</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>Compute target</source>
        <translation>İşlem hedefi</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>değişmiş</translation>
    </message>
    <message>
        <source>Uncommitted changes</source>
        <translation>Commit edilmemiş değişiklikler</translation>
    </message>
    <message>
        <source>The source folder had uncommitted changes when the run was submitted</source>
        <translation>Çalıştırma gönderildiğinde kaynak klasörde commit edilmemiş değişiklikler vardı</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Komut satırı</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>Çalıştırma adı</translation>
    </message>
    <message>
        <source>A name shown instead of the run&apos;s id</source>
        <translation>Çalıştırmanın kimliği yerine gösterilen ad</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>What this run tried, what came of it</source>
        <translation>Bu çalıştırmanın neyi denediği, sonucun ne olduğu</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Notu kaydet</translation>
    </message>
    <message>
        <source>Edit error</source>
        <translation>Düzenleme hatası</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Ad:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Durum:</translation>
    </message>
    <message>
        <source>Submitted:</source>
        <translation>Gönderilme:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Başlama:</translation>
    </message>
    <message>
        <source>Ended:</source>
        <translation>Bitiş:</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>Süre:</translation>
    </message>
    <message>
        <source>Exit code:</source>
        <translation>Çıkış kodu:</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Hata:</translation>
    </message>
    <message>
        <source>Cause:</source>
        <translation>Neden:</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Hedef:</translation>
    </message>
    <message>
        <source>Git:</source>
        <translation>Git:</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Komut:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Etiketler:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Not:</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parametre</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Script parameters</source>
        <translation>Betik parametreleri</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Ölçüm</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Son değer</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Adım</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Noktalar</translation>
    </message>
    <message>
        <source>Last metric values</source>
        <translation>Son ölçüm değerleri</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametreler</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Etiket</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiketler</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Etiket ekle</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>Etiketi kaldır</translation>
    </message>
    <message>
        <source>Cannot save the %1: %2</source>
        <translation>%1 kaydedilemiyor: %2</translation>
    </message>
    <message>
        <source>name</source>
        <translation>ad</translation>
    </message>
    <message>
        <source>note</source>
        <translation>not</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>etiketler</translation>
    </message>
    <message>
        <source>Cannot save the tags: %1</source>
        <translation>Etiketler kaydedilemiyor: %1</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ortam</translation>
    </message>
    <message>
        <source>Environment hash</source>
        <translation>Ortam özeti</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Yorumlayıcı</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Görüntü</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Ana makine</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>İşletim sistemi</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Bellek</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU’lar</translation>
    </message>
    <message>
        <source>Environment files</source>
        <translation>Ortam dosyaları</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Ortam:</translation>
    </message>
    <message>
        <source>Interpreter:</source>
        <translation>Yorumlayıcı:</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Görüntü:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Ana makine:</translation>
    </message>
    <message>
        <source>OS:</source>
        <translation>İşletim sistemi:</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Bellek:</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPU’lar:</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dosyalar:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>okunamıyor: %1</translation>
    </message>
    <message>
        <source>none: the target&apos;s interpreter as it is</source>
        <translation>yok: hedefin yorumlayıcısı olduğu gibi</translation>
    </message>
    <message>
        <source>%1 (Python %2)</source>
        <translation>%1 (Python %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>%1 (kernel %2)</source>
        <translation>%1 (çekirdek %2)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>driver %1</source>
        <translation>sürücü %1</translation>
    </message>
    <message>
        <source>ran-with.json cannot be read: %1</source>
        <translation>ran-with.json okunamıyor: %1</translation>
    </message>
    <message>
        <source>the target could not be described: %1</source>
        <translation>hedef tanımlanamadı: %1</translation>
    </message>
    <message>
        <source>stderr cannot be read: %1</source>
        <translation>stderr okunamıyor: %1</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation>Çalıştırma seçilmedi</translation>
    </message>
    <message>
        <source>Run %1 not found</source>
        <translation>%1 çalıştırması bulunamadı</translation>
    </message>
    <message>
        <source> (cancel requested)</source>
        <translation> (iptal istendi)</translation>
    </message>
    <message>
        <source>%1 (Slurm job %2)</source>
        <translation>%1 (Slurm işi %2)</translation>
    </message>
    <message>
        <source>%1 @ %2  (%3)</source>
        <translation>%1 @ %2  (%3)</translation>
    </message>
    <message>
        <source>detached</source>
        <translation>ayrık</translation>
    </message>
    <message>
        <source>not a git repository</source>
        <translation>bir git deposu değil</translation>
    </message>
    <message>
        <source>(not started yet)</source>
        <translation>(henüz başlamadı)</translation>
    </message>
    <message>
        <source>(flag)</source>
        <translation>(bayrak)</translation>
    </message>
    <message>
        <source>dataset %1 (%2)</source>
        <translation>veri kümesi %1 (%2)</translation>
    </message>
    <message>
        <source>argument %1</source>
        <translation>bağımsız değişken %1</translation>
    </message>
    <message>
        <source>Cancel run %1? Its process is stopped.</source>
        <translation>%1 çalıştırması iptal edilsin mi? İşlemi durdurulur.</translation>
    </message>
</context>
<context>
    <name>RunsContextMenu</name>
    <message>
        <source>cannot lock the workspace database</source>
        <translation>çalışma alanı veritabanı kilitlenemiyor</translation>
    </message>
    <message>
        <source>cannot record the change</source>
        <translation>değişiklik kaydedilemiyor</translation>
    </message>
    <message>
        <source>Run actions</source>
        <translation>Çalıştırma eylemleri</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Karşılaştır</translation>
    </message>
    <message>
        <source>Compare the selected runs side by side (2 or more)</source>
        <translation>Seçili çalıştırmaları yan yana karşılaştır (2 veya daha fazla)</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>Yeniden gönder</translation>
    </message>
    <message>
        <source>Submit each selected run&apos;s estimator again as a new run. Its code is snapshotted again from the run&apos;s source folder as that folder is now, not taken from the run&apos;s own snapshot.</source>
        <translation>Seçili her çalıştırmanın tahmin aracını yeni bir çalıştırma olarak yeniden gönder. Kodunun anlık görüntüsü, çalıştırmanın kendi anlık görüntüsünden alınmaz; kaynak klasörün şimdiki hâlinden yeniden alınır.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Stop the selected runs that are still queued or running</source>
        <translation>Seçili çalıştırmalardan hâlâ kuyrukta olanları veya çalışanları durdur</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>Etiketle…</translation>
    </message>
    <message>
        <source>Give every selected run a tag NAME=VALUE</source>
        <translation>Seçili her çalıştırmaya AD=DEĞER etiketi ver</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Yeniden adlandır…</translation>
    </message>
    <message>
        <source>Give the run a name shown instead of its id</source>
        <translation>Çalıştırmaya kimliği yerine gösterilecek bir ad ver</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>Kimliği kopyala</translation>
    </message>
    <message>
        <source>Copy the selected runs&apos; ids</source>
        <translation>Seçili çalıştırmaların kimliklerini kopyala</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Bağlantıyı kopyala</translation>
    </message>
    <message>
        <source>Copy trainyard://run/ links to the selected runs</source>
        <translation>Seçili çalıştırmaların trainyard://run/ bağlantılarını kopyala</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Arşivle</translation>
    </message>
    <message>
        <source>Hide the selected runs from the table unless archived runs are shown</source>
        <translation>Arşivlenmiş çalıştırmalar gösterilmedikçe seçili çalıştırmaları tabloda gizle</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>Arşivden çıkar</translation>
    </message>
    <message>
        <source>Show the selected runs again</source>
        <translation>Seçili çalıştırmaları yeniden göster</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Sil…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their files (Delete)</source>
        <translation>Seçili çalıştırmaları ve dosyalarını sil (Delete)</translation>
    </message>
    <message>
        <source>unknown run %1</source>
        <translation>bilinmeyen çalıştırma %1</translation>
    </message>
    <message>
        <source>run %1 cannot be resubmitted: %2</source>
        <translation>%1 çalıştırması yeniden gönderilemiyor: %2</translation>
    </message>
    <message>
        <source>Cancel runs</source>
        <translation>Çalıştırmaları iptal et</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n run(s)? Their processes are stopped.</source>
        <translation>
            <numerusform>%n çalıştırma iptal edilsin mi? İşlemleri durdurulur.</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot cancel run %1: %2</source>
        <translation>%1 çalıştırması iptal edilemiyor: %2</translation>
    </message>
    <message>
        <source>Tag runs</source>
        <translation>Çalıştırmaları etiketle</translation>
    </message>
    <message numerus="yes">
        <source>Tag for %n run(s), as NAME=VALUE:</source>
        <translation>
            <numerusform>%n çalıştırma için etiket, AD=DEĞER biçiminde:</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot;: expected NAME=VALUE (NAME= for an empty value)</source>
        <translation>&quot;%1&quot;: AD=DEĞER bekleniyordu (boş değer için AD=)</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>Çalıştırmayı yeniden adlandır</translation>
    </message>
    <message>
        <source>Name of run %1 (empty for none):</source>
        <translation>%1 çalıştırmasının adı (ad vermemek için boş bırakın):</translation>
    </message>
    <message>
        <source>Archive runs</source>
        <translation>Çalıştırmaları arşivle</translation>
    </message>
    <message>
        <source>Unarchive runs</source>
        <translation>Çalıştırmaları arşivden çıkar</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Çalıştırmaları sil</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) and their files? Their outputs, logs and metrics are removed for good.</source>
        <translation>
            <numerusform>%n çalıştırma ve dosyaları silinsin mi? Çıktıları, günlükleri ve ölçümleri kalıcı olarak kaldırılır.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted:</source>
        <translation>Hiçbir şey silinmedi:</translation>
    </message>
</context>
<context>
    <name>RunsTableModel</name>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Run id</source>
        <translation>Çalıştırma kimliği</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Deneme</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Hedef</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Gönderilme</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Süre</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Filter: text of a run id, or e.g. params.lr &gt; 0.01 and metrics.acc.max &gt;= 0.9 (Ctrl+F)</source>
        <translation>Süzgeç: bir çalıştırma kimliğinin metni veya ör. params.lr &gt; 0.01 and metrics.acc.max &gt;= 0.9 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Plain text finds runs whose id or experiment contains it. Anything with an operator (= != &lt; &lt;= &gt; &gt;= ~), parentheses or and/or/not/in is a filter expression over params.NAME, metrics.NAME[.min|.max], tags.NAME, status, name, note, target, experiment, submitted, started, ended, duration, archived.</source>
        <translation>Düz metin, kimliği veya denemesi onu içeren çalıştırmaları bulur. İşleç (= != &lt; &lt;= &gt; &gt;= ~), parantez veya and/or/not/in içeren her şey; params.AD, metrics.AD[.min|.max], tags.AD, status, name, note, target, experiment, submitted, started, ended, duration, archived üzerinde bir süzgeç ifadesidir.</translation>
    </message>
    <message>
        <source>Filter runs</source>
        <translation>Çalıştırmaları süz</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Durum süzgeci</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tüm durumlar</translation>
    </message>
    <message>
        <source>Metric columns, e.g. loss, accuracy</source>
        <translation>Ölçüm sütunları, ör. loss, accuracy</translation>
    </message>
    <message>
        <source>Metric columns</source>
        <translation>Ölçüm sütunları</translation>
    </message>
    <message>
        <source>Comma-separated metric names shown as columns with each run&apos;s last value</source>
        <translation>Her çalıştırmanın son değeriyle sütun olarak gösterilen, virgülle ayrılmış ölçüm adları</translation>
    </message>
    <message>
        <source>Experiment shown</source>
        <translation>Gösterilen deneme</translation>
    </message>
    <message>
        <source>Filter error</source>
        <translation>Süzgeç hatası</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>Sütunlar…</translation>
    </message>
    <message>
        <source>Choose columns</source>
        <translation>Sütunları seç</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>Arşivlenenleri göster</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV Olarak Dışa Aktar…</translation>
    </message>
    <message>
        <source>Writes every run the table lists, with its columns, as CSV</source>
        <translation>Tablonun listelediği her çalıştırmayı sütunlarıyla birlikte CSV olarak yazar</translation>
    </message>
    <message>
        <source>Number of runs</source>
        <translation>Çalıştırma sayısı</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Çalıştırmalar</translation>
    </message>
    <message>
        <source>No runs match</source>
        <translation>Eşleşen çalıştırma yok</translation>
    </message>
    <message>
        <source>Export runs as CSV</source>
        <translation>Çalıştırmaları CSV olarak dışa aktar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <source>All experiments</source>
        <translation>Tüm denemeler</translation>
    </message>
    <message>
        <source>Experiment: %1</source>
        <translation>Deneme: %1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Çalıştırma</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametreler</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Ölçümler</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiketler</translation>
    </message>
    <message>
        <source>Cannot read the runs</source>
        <translation>Çalıştırmalar okunamıyor</translation>
    </message>
    <message numerus="yes">
        <source>%n+ run(s), counting…</source>
        <translation>
            <numerusform>%n+ çalıştırma, sayılıyor…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n çalıştırma</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScatterPlotPanel</name>
    <message>
        <source>X axis column</source>
        <translation>X ekseni sütunu</translation>
    </message>
    <message>
        <source>Y axis column</source>
        <translation>Y ekseni sütunu</translation>
    </message>
    <message>
        <source>&amp;X:</source>
        <translation>&amp;X:</translation>
    </message>
    <message>
        <source>&amp;Y:</source>
        <translation>&amp;Y:</translation>
    </message>
</context>
<context>
    <name>ScatterPlotView</name>
    <message>
        <source>a scatter plot</source>
        <translation>saçılım grafiği</translation>
    </message>
    <message>
        <source>No run has both %1 and %2.</source>
        <translation>Hiçbir çalıştırmada hem %1 hem %2 yok.</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) without both values</source>
        <translation>
            <numerusform>iki değeri birden olmayan %n çalıştırma</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScriptParamsDelegate</name>
    <message>
        <source>Parameter kind</source>
        <translation>Parametre türü</translation>
    </message>
    <message>
        <source>Dataset mode</source>
        <translation>Veri kümesi kipi</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Veri kümesi</translation>
    </message>
</context>
<context>
    <name>ScriptParamsModel</name>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Bayrak</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Veri kümesi</translation>
    </message>
    <message>
        <source>Value: key and value; Flag: the key alone; Dataset: the key and the dataset&apos;s path</source>
        <translation>Değer: anahtar ve değer; Bayrak: yalnızca anahtar; Veri kümesi: anahtar ve veri kümesinin yolu</translation>
    </message>
    <message>
        <source>Dataset NAME or NAME:VERSION</source>
        <translation>Veri kümesi ADI veya AD:SÜRÜM</translation>
    </message>
    <message>
        <source>Passed to the script exactly as written</source>
        <translation>Betiğe tam olarak yazıldığı gibi geçirilir</translation>
    </message>
    <message>
        <source>mount: use the dataset in place; download: copy it next to the run</source>
        <translation>mount: veri kümesini yerinde kullan; download: çalıştırmanın yanına kopyala</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Anahtar</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Value / dataset</source>
        <translation>Değer / veri kümesi</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Kip</translation>
    </message>
</context>
<context>
    <name>TargetDialog</name>
    <message>
        <source>Edit target %1</source>
        <translation>%1 hedefini düzenle</translation>
    </message>
    <message>
        <source>Add compute target</source>
        <translation>İşlem hedefi ekle</translation>
    </message>
    <message>
        <source>Target name</source>
        <translation>Hedef adı</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>Harfler, rakamlar, &apos;.&apos;, &apos;_&apos; ya da &apos;-&apos;</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Ad:</translation>
    </message>
    <message>
        <source>Target kind</source>
        <translation>Hedef türü</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Tür:</translation>
    </message>
    <message>
        <source>Target settings</source>
        <translation>Hedef ayarları</translation>
    </message>
    <message>
        <source>Problems with the target</source>
        <translation>Hedefle ilgili sorunlar</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Bağlantıyı &amp;sına</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Bağlantıyı sına</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Bağlantı sınamasının sonucu</translation>
    </message>
    <message>
        <source>Secrets stored in the keychain</source>
        <translation>Anahtarlıkta saklanan gizli bilgiler</translation>
    </message>
    <message>
        <source>Save the target</source>
        <translation>Hedefi kaydet</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>Kaydetmeden kapat</translation>
    </message>
    <message>
        <source>Storing in the system keychain…</source>
        <translation>Sistem anahtarlığında saklanıyor…</translation>
    </message>
    <message>
        <source>%1, before testing: ssh reads it from there.</source>
        <translation>%1; sınamadan önce: ssh onu oradan okur.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Sınanıyor…</translation>
    </message>
</context>
<context>
    <name>TargetKindPage</name>
    <message>
        <source>Maximum concurrent runs</source>
        <translation>En fazla eşzamanlı çalıştırma</translation>
    </message>
    <message>
        <source>Runs beyond this number wait in the queue</source>
        <translation>Bu sayının ötesindeki çalıştırmalar kuyrukta bekler</translation>
    </message>
    <message>
        <source>&amp;Max concurrent runs:</source>
        <translation>En fazla &amp;eşzamanlı çalıştırma:</translation>
    </message>
    <message>
        <source>Cancel grace seconds</source>
        <translation>İptal bekleme süresi (saniye)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> sn</translation>
    </message>
    <message>
        <source>Time between asking a cancelled run to stop and killing it</source>
        <translation>İptal edilen bir çalıştırmadan durmasını istemek ile onu öldürmek arasındaki süre</translation>
    </message>
    <message>
        <source>Cancel &amp;grace:</source>
        <translation>İptal &amp;bekleme süresi:</translation>
    </message>
</context>
<context>
    <name>TargetLocalPage</name>
    <message>
        <source>Python interpreter</source>
        <translation>Python yorumlayıcısı</translation>
    </message>
    <message>
        <source>Runs .py entry scripts; empty uses the system python3</source>
        <translation>.py giriş betiklerini çalıştırır; boş bırakılırsa sistemin python3’ü kullanılır</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Gözat…</translation>
    </message>
    <message>
        <source>Choose the Python interpreter</source>
        <translation>Python yorumlayıcısını seçin</translation>
    </message>
    <message>
        <source>&amp;Python interpreter:</source>
        <translation>&amp;Python yorumlayıcısı:</translation>
    </message>
    <message>
        <source>python: %1 does not exist</source>
        <translation>python: %1 yok</translation>
    </message>
    <message>
        <source>python: %1 is not an executable file</source>
        <translation>python: %1 çalıştırılabilir bir dosya değil</translation>
    </message>
    <message>
        <source>python: %1 is not found on PATH</source>
        <translation>python: %1 PATH üzerinde bulunamadı</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 başlatılamıyor: %2</translation>
    </message>
    <message>
        <source>%1 --version did not answer within %2 s</source>
        <translation>%1 --version %2 sn içinde yanıt vermedi</translation>
    </message>
    <message>
        <source>%1 --version failed (exit code %2): %3</source>
        <translation>%1 --version başarısız oldu (çıkış kodu %2): %3</translation>
    </message>
</context>
<context>
    <name>TargetSecretField</name>
    <message>
        <source>Type to replace; kept only in the system keychain</source>
        <translation>Değiştirmek için yazın; yalnızca sistem anahtarlığında tutulur</translation>
    </message>
    <message>
        <source>Stored in the system keychain on Save (or before Test connection), never in the workspace</source>
        <translation>Kaydet’te (veya Bağlantıyı sına’dan önce) sistem anahtarlığında saklanır, asla çalışma alanında değil</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Unut</translation>
    </message>
    <message>
        <source>Forget the stored %1</source>
        <translation>Saklanan %1 bilgisini unut</translation>
    </message>
    <message>
        <source>Removes it from the system keychain now</source>
        <translation>Onu şimdi sistem anahtarlığından kaldırır</translation>
    </message>
    <message>
        <source>%1 in the keychain</source>
        <translation>Anahtarlıktaki %1</translation>
    </message>
    <message>
        <source>looking in the system keychain…</source>
        <translation>sistem anahtarlığına bakılıyor…</translation>
    </message>
    <message>
        <source>none stored</source>
        <translation>saklanan yok</translation>
    </message>
    <message>
        <source>stored in the system keychain</source>
        <translation>sistem anahtarlığında saklanıyor</translation>
    </message>
    <message>
        <source>removing from the system keychain…</source>
        <translation>sistem anahtarlığından kaldırılıyor…</translation>
    </message>
</context>
<context>
    <name>TargetSlurmPage</name>
    <message>
        <source>Login node</source>
        <translation>Oturum açma düğümü</translation>
    </message>
    <message>
        <source>An SSH target whose host is the cluster&apos;s login node; none when this machine is a cluster client itself</source>
        <translation>Ana makinesi kümenin oturum açma düğümü olan bir SSH hedefi; bu makine kendisi bir küme istemcisiyse yok</translation>
    </message>
    <message>
        <source>None: this machine is a cluster client</source>
        <translation>Yok: bu makine bir küme istemcisi</translation>
    </message>
    <message>
        <source>&amp;Login node:</source>
        <translation>&amp;Oturum açma düğümü:</translation>
    </message>
    <message>
        <source>&amp;Working folder:</source>
        <translation>Ça&amp;lışma klasörü:</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>Çalışma klasörü</translation>
    </message>
    <message>
        <source>the workspace&apos;s run folders (needed with a login node)</source>
        <translation>çalışma alanının çalıştırma klasörleri (oturum açma düğümüyle gereklidir)</translation>
    </message>
    <message>
        <source>A folder on the cluster&apos;s shared file system where the runs are built and run</source>
        <translation>Kümenin paylaşılan dosya sisteminde, çalıştırmaların hazırlanıp çalıştırıldığı bir klasör</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Bölüm:</translation>
    </message>
    <message>
        <source>Slurm partition</source>
        <translation>Slurm bölümü</translation>
    </message>
    <message>
        <source>required</source>
        <translation>zorunlu</translation>
    </message>
    <message>
        <source>The partition runs are submitted to</source>
        <translation>Çalıştırmaların gönderildiği bölüm</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>&amp;Hesap:</translation>
    </message>
    <message>
        <source>Slurm account</source>
        <translation>Slurm hesabı</translation>
    </message>
    <message>
        <source>the default account</source>
        <translation>varsayılan hesap</translation>
    </message>
    <message>
        <source>The account charged for the runs</source>
        <translation>Çalıştırmaların ücretlendirildiği hesap</translation>
    </message>
    <message>
        <source>&amp;QoS:</source>
        <translation>&amp;QoS:</translation>
    </message>
    <message>
        <source>Quality of service</source>
        <translation>Hizmet kalitesi</translation>
    </message>
    <message>
        <source>the default QoS</source>
        <translation>varsayılan QoS</translation>
    </message>
    <message>
        <source>Slurm quality of service</source>
        <translation>Slurm hizmet kalitesi</translation>
    </message>
    <message>
        <source>&amp;Time limit:</source>
        <translation>&amp;Süre sınırı:</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Süre sınırı</translation>
    </message>
    <message>
        <source>the partition&apos;s default</source>
        <translation>bölümün varsayılanı</translation>
    </message>
    <message>
        <source>sbatch --time: MINUTES, HH:MM:SS or D-HH:MM</source>
        <translation>sbatch --time: DAKİKA, SS:DD:ss veya G-SS:DD</translation>
    </message>
    <message>
        <source>CPUs per task</source>
        <translation>Görev başına CPU</translation>
    </message>
    <message>
        <source>default</source>
        <translation>varsayılan</translation>
    </message>
    <message>
        <source>CPUs per task; default leaves it to Slurm</source>
        <translation>Görev başına CPU; varsayılan, Slurm’a bırakır</translation>
    </message>
    <message>
        <source>C&amp;PUs per task:</source>
        <translation>Görev başına &amp;CPU:</translation>
    </message>
    <message>
        <source>&amp;Memory per CPU:</source>
        <translation>CPU başına &amp;bellek:</translation>
    </message>
    <message>
        <source>Memory per CPU</source>
        <translation>CPU başına bellek</translation>
    </message>
    <message>
        <source>Megabytes, or with K, M, G or T (4G)</source>
        <translation>Megabayt ya da K, M, G veya T ile (4G)</translation>
    </message>
    <message>
        <source>&amp;GPUs per node:</source>
        <translation>Düğüm başına &amp;GPU:</translation>
    </message>
    <message>
        <source>GPUs per node</source>
        <translation>Düğüm başına GPU</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <source>A number, optionally with a type (a100:2)</source>
        <translation>Bir sayı, isteğe bağlı olarak bir türle (a100:2)</translation>
    </message>
    <message>
        <source>Extra &amp;#SBATCH options:</source>
        <translation>Ek &amp;#SBATCH seçenekleri:</translation>
    </message>
    <message>
        <source>Extra sbatch options</source>
        <translation>Ek sbatch seçenekleri</translation>
    </message>
    <message>
        <source>One option per line, e.g. --constraint=gpu</source>
        <translation>Satır başına bir seçenek, ör. --constraint=gpu</translation>
    </message>
    <message>
        <source>&amp;Setup lines:</source>
        <translation>&amp;Hazırlık satırları:</translation>
    </message>
    <message>
        <source>Setup lines</source>
        <translation>Hazırlık satırları</translation>
    </message>
    <message>
        <source>Shell lines the batch script runs before the job, one per line (module load cuda)</source>
        <translation>Toplu iş betiğinin işten önce çalıştırdığı kabuk satırları, satır başına bir tane (module load cuda)</translation>
    </message>
    <message>
        <source>slurm.conf</source>
        <translation>slurm.conf</translation>
    </message>
    <message>
        <source>SLURM_CONF, else the client&apos;s default</source>
        <translation>SLURM_CONF, yoksa istemcinin varsayılanı</translation>
    </message>
    <message>
        <source>The slurm.conf the client commands use</source>
        <translation>İstemci komutlarının kullandığı slurm.conf</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Gözat…</translation>
    </message>
    <message>
        <source>Choose slurm.conf</source>
        <translation>slurm.conf seçin</translation>
    </message>
    <message>
        <source>slurm.c&amp;onf:</source>
        <translation>slurm.c&amp;onf:</translation>
    </message>
    <message>
        <source>P&amp;ython interpreter:</source>
        <translation>P&amp;ython yorumlayıcısı:</translation>
    </message>
    <message>
        <source>Python interpreter</source>
        <translation>Python yorumlayıcısı</translation>
    </message>
    <message>
        <source>Runs .py entry scripts on the nodes</source>
        <translation>.py giriş betiklerini düğümlerde çalıştırır</translation>
    </message>
    <message>
        <source>MPI p&amp;lugin:</source>
        <translation>MPI &amp;eklentisi:</translation>
    </message>
    <message>
        <source>MPI plugin</source>
        <translation>MPI eklentisi</translation>
    </message>
    <message>
        <source>srun&apos;s --mpi plugin for distributed_training mpi (pmix, pmi2); none: mpirun inside the allocation</source>
        <translation>distributed_training mpi için srun’un --mpi eklentisi (pmix, pmi2); none: ayrılan kaynaklar içinde mpirun</translation>
    </message>
    <message>
        <source>partition: a Slurm target needs a partition</source>
        <translation>partition: bir Slurm hedefinin bir bölüme ihtiyacı var</translation>
    </message>
    <message>
        <source>workdir: a Slurm target reached through a login node needs a working folder on the cluster&apos;s shared file system</source>
        <translation>workdir: bir oturum açma düğümü üzerinden erişilen Slurm hedefi, kümenin paylaşılan dosya sisteminde bir çalışma klasörüne ihtiyaç duyar</translation>
    </message>
    <message>
        <source>slurm_conf: %1 does not exist</source>
        <translation>slurm_conf: %1 yok</translation>
    </message>
    <message numerus="yes">
        <source>The controller lists %n partition(s)</source>
        <translation>
            <numerusform>Denetleyici %n bölüm listeliyor</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TargetSshPage</name>
    <message>
        <source>SSH host</source>
        <translation>SSH ana makinesi</translation>
    </message>
    <message>
        <source>Name, address or ~/.ssh/config alias</source>
        <translation>Ad, adres veya ~/.ssh/config takma adı</translation>
    </message>
    <message>
        <source>An alias of ~/.ssh/config works as is, with its ProxyJump, User, Port and IdentityFile</source>
        <translation>~/.ssh/config içindeki bir takma ad; ProxyJump, User, Port ve IdentityFile ayarlarıyla olduğu gibi çalışır</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Ana makine:</translation>
    </message>
    <message>
        <source>SSH port</source>
        <translation>SSH bağlantı noktası</translation>
    </message>
    <message>
        <source>default</source>
        <translation>varsayılan</translation>
    </message>
    <message>
        <source>Default: ssh&apos;s configuration, usually 22</source>
        <translation>Varsayılan: ssh yapılandırması, genellikle 22</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>Bağlantı &amp;noktası:</translation>
    </message>
    <message>
        <source>Remote user</source>
        <translation>Uzak kullanıcı</translation>
    </message>
    <message>
        <source>Default: ssh&apos;s configuration</source>
        <translation>Varsayılan: ssh yapılandırması</translation>
    </message>
    <message>
        <source>The account on the remote machine</source>
        <translation>Uzak makinedeki hesap</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>K&amp;ullanıcı:</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>Kimlik dosyası</translation>
    </message>
    <message>
        <source>Default: the SSH agent and ssh&apos;s configuration</source>
        <translation>Varsayılan: SSH aracısı ve ssh yapılandırması</translation>
    </message>
    <message>
        <source>The private key to log in with; a passphrase comes from the system keychain</source>
        <translation>Oturum açmak için kullanılan özel anahtar; anahtar parolası sistem anahtarlığından gelir</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Gözat…</translation>
    </message>
    <message>
        <source>Choose the identity file</source>
        <translation>Kimlik dosyasını seçin</translation>
    </message>
    <message>
        <source>&amp;Identity file:</source>
        <translation>&amp;Kimlik dosyası:</translation>
    </message>
    <message>
        <source>Remote working folder</source>
        <translation>Uzak çalışma klasörü</translation>
    </message>
    <message>
        <source>Where runs, uploaded snapshots and datasets live on the remote machine</source>
        <translation>Uzak makinede çalıştırmaların, yüklenen anlık görüntülerin ve veri kümelerinin bulunduğu yer</translation>
    </message>
    <message>
        <source>&amp;Working folder:</source>
        <translation>Ça&amp;lışma klasörü:</translation>
    </message>
    <message>
        <source>Remote Python interpreter</source>
        <translation>Uzak Python yorumlayıcısı</translation>
    </message>
    <message>
        <source>Runs .py entry scripts on the remote machine</source>
        <translation>.py giriş betiklerini uzak makinede çalıştırır</translation>
    </message>
    <message>
        <source>&amp;Python on the remote:</source>
        <translation>Uzaktaki &amp;Python:</translation>
    </message>
    <message>
        <source>Other hosts of multi-node runs</source>
        <translation>Çok düğümlü çalıştırmaların diğer ana makineleri</translation>
    </message>
    <message>
        <source>none: every run on the host above</source>
        <translation>yok: her çalıştırma yukarıdaki ana makinede</translation>
    </message>
    <message>
        <source>More hosts for runs with node_count above 1, comma-separated (gpu2, gpu3:2222): they share the working folder and the host above reaches them over ssh</source>
        <translation>node_count değeri 1’den büyük çalıştırmalar için ek ana makineler, virgülle ayrılmış (gpu2, gpu3:2222): çalışma klasörünü paylaşırlar ve yukarıdaki ana makine onlara ssh ile ulaşır</translation>
    </message>
    <message>
        <source>Other &amp;hosts:</source>
        <translation>&amp;Diğer ana makineler:</translation>
    </message>
    <message>
        <source>Remote run folder cleanup</source>
        <translation>Uzak çalıştırma klasörünün temizliği</translation>
    </message>
    <message>
        <source>What happens to a run&apos;s folder on the remote once its outputs and logs are home</source>
        <translation>Çıktıları ve günlükleri buraya geldikten sonra çalıştırmanın uzaktaki klasörüne ne olacağı</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>koru</translation>
    </message>
    <message>
        <source>delete on success</source>
        <translation>başarılıysa sil</translation>
    </message>
    <message>
        <source>delete always</source>
        <translation>her zaman sil</translation>
    </message>
    <message>
        <source>&amp;Cleanup:</source>
        <translation>&amp;Temizlik:</translation>
    </message>
    <message>
        <source>Connection limit seconds</source>
        <translation>Bağlantı sınırı (saniye)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> sn</translation>
    </message>
    <message>
        <source>How long a run may stay disconnected before it fails; the remote job goes on while the app reconnects</source>
        <translation>Bir çalıştırmanın başarısız sayılmadan önce ne kadar bağlantısız kalabileceği; uygulama yeniden bağlanırken uzak iş sürer</translation>
    </message>
    <message>
        <source>Connection &amp;limit:</source>
        <translation>Bağlantı &amp;sınırı:</translation>
    </message>
    <message>
        <source>Passed environment variables</source>
        <translation>Aktarılan ortam değişkenleri</translation>
    </message>
    <message>
        <source>NAME,NAME,…</source>
        <translation>AD,AD,…</translation>
    </message>
    <message>
        <source>Variables of this machine&apos;s environment that runs see, besides LANG and LC_*</source>
        <translation>LANG ve LC_* dışında, çalıştırmaların gördüğü bu makinenin ortam değişkenleri</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Ortam:</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>Oturum açma parolası</translation>
    </message>
    <message>
        <source>For a host that asks for a password; ssh gets it from the system keychain</source>
        <translation>Parola isteyen bir ana makine için; ssh onu sistem anahtarlığından alır</translation>
    </message>
    <message>
        <source>P&amp;assword:</source>
        <translation>Pa&amp;rola:</translation>
    </message>
    <message>
        <source>Identity file passphrase</source>
        <translation>Kimlik dosyası parolası</translation>
    </message>
    <message>
        <source>For an identity file protected by a passphrase</source>
        <translation>Parolayla korunan bir kimlik dosyası için</translation>
    </message>
    <message>
        <source>Key pa&amp;ssphrase:</source>
        <translation>Anahtar p&amp;arolası:</translation>
    </message>
    <message>
        <source>identity_file: %1 does not exist</source>
        <translation>identity_file: %1 yok</translation>
    </message>
    <message>
        <source>identity_file: %1 is not a readable file</source>
        <translation>identity_file: %1 okunabilir bir dosya değil</translation>
    </message>
    <message>
        <source>host: expected a non-empty text</source>
        <translation>host: boş olmayan bir metin bekleniyordu</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>%1 ile bağlantı kuruldu</translation>
    </message>
    <message>
        <source>%1; reading its host key failed: %2</source>
        <translation>%1; ana makine anahtarı okunamadı: %2</translation>
    </message>
    <message>
        <source>The host key of %1 is not trusted yet</source>
        <translation>%1 ana makine anahtarına henüz güvenilmiyor</translation>
    </message>
    <message>
        <source>Not trusted: the host key of %1 was not accepted; nothing was written</source>
        <translation>Güvenilmedi: %1 ana makine anahtarı kabul edilmedi; hiçbir şey yazılmadı</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>parola</translation>
    </message>
    <message>
        <source>the key passphrase</source>
        <translation>anahtar parolası</translation>
    </message>
    <message>
        <source>Stored in the system keychain: %1</source>
        <translation>Sistem anahtarlığında saklandı: %1</translation>
    </message>
    <message>
        <source> and </source>
        <translation> ve </translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Compute targets</source>
        <translation>İşlem hedefleri</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ayarlar</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Ekle…</translation>
    </message>
    <message>
        <source>Add a compute target</source>
        <translation>Bir işlem hedefi ekle</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Düzenle…</translation>
    </message>
    <message>
        <source>Edit the selected target</source>
        <translation>Seçili hedefi düzenle</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Kaldır</translation>
    </message>
    <message>
        <source>Remove the selected target</source>
        <translation>Seçili hedefi kaldır</translation>
    </message>
    <message>
        <source>max %1 concurrent, %2, cancel grace %3 s</source>
        <translation>en fazla %1 eşzamanlı, %2, iptal bekleme süresi %3 sn</translation>
    </message>
    <message>
        <source>%1, max %2 concurrent, %3, cleanup %4</source>
        <translation>%1, en fazla %2 eşzamanlı, %3, temizlik: %4</translation>
    </message>
    <message>
        <source>(no host)</source>
        <translation>(ana makine yok)</translation>
    </message>
    <message>
        <source>partition %1, max %2 concurrent, time limit %3</source>
        <translation>bölüm %1, en fazla %2 eşzamanlı, süre sınırı %3</translation>
    </message>
    <message>
        <source>the partition&apos;s</source>
        <translation>bölümünki</translation>
    </message>
    <message>
        <source>The built-in local target cannot be removed</source>
        <translation>Yerleşik yerel hedef kaldırılamaz</translation>
    </message>
    <message>
        <source>Edit target</source>
        <translation>Hedefi düzenle</translation>
    </message>
    <message>
        <source>Target %1 no longer exists</source>
        <translation>%1 hedefi artık yok</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>Hedefi kaldır</translation>
    </message>
    <message>
        <source>Remove the compute target %1? Runs already submitted to it keep their records.</source>
        <translation>%1 işlem hedefi kaldırılsın mı? Ona önceden gönderilmiş çalıştırmalar kayıtlarını korur.</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Getting started</source>
        <translation>Başlarken</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>Henüz çalıştırma yok</translation>
    </message>
    <message>
        <source>Drop a project folder here, the folder with your training script, to fill in an estimator and submit your first run. Or open one, or try the sample project: a small scikit-learn script that logs its accuracy.</source>
        <translation>Bir tahmin aracını doldurup ilk çalıştırmanızı göndermek için proje klasörünüzü, yani eğitim betiğinizin bulunduğu klasörü buraya bırakın. Ya da bir tane açın veya örnek projeyi deneyin: doğruluğunu kaydeden küçük bir scikit-learn betiği.</translation>
    </message>
    <message>
        <source>Open Project Folder…</source>
        <translation>Proje Klasörü Aç…</translation>
    </message>
    <message>
        <source>Try the Sample Project</source>
        <translation>Örnek Projeyi Dene</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 oluşturulamıyor</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 yazılamıyor</translation>
    </message>
    <message>
        <source>this build has no sample project</source>
        <translation>bu derlemede örnek proje yok</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Trainyard: submit, watch and compare ML training runs.
A second start hands its argument to the window already open.</source>
        <translation>Trainyard: ML eğitim çalıştırmalarını gönderin, izleyin ve karşılaştırın.
İkinci bir başlatma, bağımsız değişkenini zaten açık olan pencereye iletir.</translation>
    </message>
    <message>
        <source>Workspace folder to open.</source>
        <translation>Açılacak çalışma alanı klasörü.</translation>
    </message>
    <message>
        <source>Save PNGs of the main views to DIR, then quit (for the README; run under Xvfb).</source>
        <translation>Ana görünümlerin PNG&apos;lerini DIR klasörüne kaydet, sonra çık (README için; Xvfb altında çalıştırın).</translation>
    </message>
    <message>
        <source>A project folder or estimator file to open in the estimator form, or a run link trainyard://run/ID to show.</source>
        <translation>Tahmin aracı formunda açılacak bir proje klasörü veya tahmin aracı dosyası ya da gösterilecek bir trainyard://run/ID çalıştırma bağlantısı.</translation>
    </message>
</context>
</TS>
